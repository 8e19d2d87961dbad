/** The benchmark's side of a load process: forks it, keeps its latest tally, tells it what to do. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FleetSettings, FromChild, ToChild } from './child-messages.js';
import type { ProbeFigures } from './probe-figures.js';
import { ServiceStartError } from './service-process.js';
import { emptyTally, type GatewayTally } from './wire-gateway.js';

export class FleetHandle {
  readonly child: ChildProcess;
  tally: GatewayTally = emptyTally();
  probe: ProbeFigures | undefined;
  private readonly connected: Promise<{ gateways: number; ms: number }>;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    script: 'load-process.js' | 'probe-process.js',
    settings: FleetSettings,
  ) {
    this.child = fork(fileURLToPath(new URL(script, import.meta.url)), [JSON.stringify(settings)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.connected = new Promise((resolve, reject) => {
      this.child.on('message', (m: FromChild) => {
        if (m.type === 'connected') resolve(m);
        else if (m.type === 'failed') reject(new ServiceStartError(`${name}: ${m.message}`));
        else if (m.type === 'tally') {
          this.tally = m.tally;
          this.probe = m.probe;
        }
      });
      void this.exited.then(() => reject(new ServiceStartError(`${name} exited before its gateways were connected`)));
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  whenConnected(timeoutMs: number): Promise<{ gateways: number; ms: number }> {
    return Promise.race([
      this.connected,
      new Promise<never>((_, reject) => setTimeout(() => reject(new ServiceStartError(`${this.name}: gateways not connected within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  }

  send(message: ToChild): void {
    if (this.child.connected) this.child.send(message);
  }

  /** Asks it to exit (its last tally arrives first), then kills it if it lingers. */
  async exit(graceMs = 10_000): Promise<void> {
    this.send({ type: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
