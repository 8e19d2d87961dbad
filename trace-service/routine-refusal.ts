/**
 * Why the routine service refused a request: bad input (naming the field),
 * a caller who may not do it, a report that is signed and cannot change, or
 * no such report. The dashboard turns each into its HTTP answer.
 */
export type RoutineRefusalKind = 'bad-input' | 'forbidden' | 'signed' | 'not-found';

export class RoutineRefusal extends Error {
  constructor(
    readonly kind: RoutineRefusalKind,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'RoutineRefusal';
  }
}

export function isRoutineRefusal(error: unknown): error is RoutineRefusal {
  return error instanceof RoutineRefusal;
}
