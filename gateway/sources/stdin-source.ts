import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { GatewaySource, SourceSink } from './gateway-source.js';
import { parseStdinLine } from './stdin-lines.js';

/**
 * `linewatch gateway --stdin`: CSV lines from a stream, readings and
 * explicit line-state events (stdin-lines.ts). `ended` resolves once the
 * stream has ended and every event read has been taken by the gateway.
 */
export class StdinSource implements GatewaySource {
  readonly kind = 'stdin';
  private finished!: () => void;
  readonly ended = new Promise<void>((resolve) => (this.finished = resolve));
  private stopped = false;

  constructor(private readonly input: Readable) {}

  async start(sink: SourceSink): Promise<void> {
    sink.connected(true);
    void this.read(sink);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  private async read(sink: SourceSink): Promise<void> {
    const lines = createInterface({ input: this.input, crlfDelay: Infinity });
    for await (const text of lines) {
      if (this.stopped) break;
      const event = parseStdinLine(text);
      if (event === null) continue;
      if ('problem' in event) sink.bad('unparsable', event.problem);
      else await sink.take([event]);
    }
    sink.connected(false);
    this.finished();
  }
}
