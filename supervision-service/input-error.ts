/**
 * Input the service refuses: what is wrong, which field, and for a CSV every
 * bad row. The HTTP API answers it with 400 and these words; nothing is
 * stored when one is thrown.
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';
export interface RowProblem {
  /** As a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  readonly reason: string;
}

export class SupervisionInputError extends LinewatchError<'LW_SUPERVISION_INPUT'> {
  constructor(
    message: string,
    readonly field: string,
    readonly rows: readonly RowProblem[] = [],
  ) {
    super('LW_SUPERVISION_INPUT', message);
    this.name = 'SupervisionInputError';
  }
}

export function isSupervisionInputError(error: unknown): error is SupervisionInputError {
  return error instanceof SupervisionInputError;
}
