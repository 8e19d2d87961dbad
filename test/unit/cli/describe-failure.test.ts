import { describe, expect, it } from 'vitest';
import { CliError } from '../../../cli/cli-error.js';
import { describeFailure } from '../../../cli/run.js';
import { StoreError } from '../../../store/errors.js';

describe('describeFailure', () => {
  it('prints a CliError as it is, with its exit code', () => {
    expect(describeFailure('replay', new CliError('LW_USAGE', 'replay: --file is required'))).toEqual({ line: 'linewatch replay: --file is required', exitCode: 2 });
  });

  it('names the code of another catalogued error, and says a retryable one may succeed next time', () => {
    expect(describeFailure('report', new StoreError('LW_STORE_UNAVAILABLE', 'influxdb did not answer'))).toEqual({
      line: 'linewatch report: LW_STORE_UNAVAILABLE: influxdb did not answer (temporary: running the command again may succeed)',
      exitCode: 1,
    });
    expect(describeFailure('report', new StoreError('LW_STORE_AUTH', 'token refused'))).toEqual({ line: 'linewatch report: LW_STORE_AUTH: token refused', exitCode: 1 });
  });

  it('calls anything else an internal error, in one line', () => {
    expect(describeFailure('simulate', new TypeError('x is undefined'))).toEqual({ line: 'linewatch simulate: internal error: x is undefined', exitCode: 1 });
    expect(describeFailure('simulate', 'thrown string')).toEqual({ line: 'linewatch simulate: internal error: thrown string', exitCode: 1 });
  });
});
