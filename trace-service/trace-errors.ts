/**
 * What the trace service refuses, for its callers to answer with: a bad
 * parameter (named), or something asked for that is not there. Plain
 * classes, so the dashboard maps them to 400 and 404 without the service
 * knowing HTTP.
 */
export class TraceInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'TraceInputError';
  }
}

export class TraceNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TraceNotFoundError';
  }
}
