/**
 * The trace service as the dashboard holds it: the queries over the store
 * and the register, and the recall cases kept in the register.
 */
import type { Register } from '../register/port.js';
import type { TimeSeriesStore } from '../store/port.js';
import { RecallCases } from './recall-cases.js';
import { TraceQueries } from './trace-queries.js';

export interface TraceServiceOptions {
  readonly store: Pick<TimeSeriesStore, 'readEventPage' | 'readEvents'>;
  readonly register: Pick<Register, 'listRecords' | 'getRecord' | 'createRecord' | 'updateRecord'>;
  readonly clock?: () => number;
  readonly log?: { warn(obj: object, msg: string): void };
}

export class TraceService {
  readonly queries: TraceQueries;
  readonly recalls: RecallCases;

  constructor(options: TraceServiceOptions) {
    this.queries = new TraceQueries(options);
    this.recalls = new RecallCases({ register: options.register, queries: this.queries, ...(options.clock ? { clock: options.clock } : {}) });
  }
}

export { TraceInputError, TraceNotFoundError } from './trace-errors.js';
export type { NewRecall, NewRecallAction } from './recall-cases.js';
