/**
 * The broker's drain wait on real loopback sockets: a peer that neither
 * reads nor sends is cut after the timeout; a peer that works slowly (reads
 * a little, answers each time, as a QoS 1 subscriber sends its PUBACKs)
 * while more is written keeps its connection however long its buffer stays
 * full.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { watchDrainByProgress } from '../../../broker/drain-watch.js';

const TIMEOUT_MS = 200;
const CHUNK = Buffer.alloc(64 * 1024, 1);

let server: net.Server | null = null;
const open: net.Socket[] = [];

afterEach(async () => {
  for (const s of open.splice(0)) s.destroy();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A connected pair: `writer` is the broker's side, `reader` the subscriber's, paused (it reads only when told). */
async function pair(): Promise<{ writer: net.Socket; reader: net.Socket }> {
  const accepted = new Promise<net.Socket>((resolve) => {
    server = net.createServer((socket) => resolve(socket));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  const reader = net.connect((server!.address() as net.AddressInfo).port, '127.0.0.1');
  reader.pause();
  const writer = await accepted;
  // As aedes does: the cut's error is the connection's end, not an exception.
  writer.on('error', () => {});
  reader.on('error', () => {});
  open.push(writer, reader);
  return { writer, reader };
}

/** Fills the kernel's buffers both ways and leaves megabytes in the writer's own: the write path then waits for 'drain'. */
async function fill(writer: net.Socket): Promise<void> {
  for (let i = 0; i < 512; i++) writer.write(CHUNK);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(writer.writableLength).toBeGreaterThan(8 * 1024 * 1024);
}

function waitFor(client: { waitForDrain(cb: (err: Error | null) => void): void }): Promise<Error | null> {
  return new Promise((resolve) => client.waitForDrain((err) => resolve(err)));
}

describe('watchDrainByProgress', () => {
  it('cuts a subscriber that takes nothing for the timeout, failing what waits with "drain timeout"', async () => {
    const { writer } = await pair();
    const client = { waitForDrain: (_cb: (err: Error | null) => void) => {} };
    watchDrainByProgress(client, writer, TIMEOUT_MS);
    await fill(writer);
    const started = performance.now();
    const [first, second] = await Promise.all([waitFor(client), waitFor(client)]);
    expect(first?.message).toBe('drain timeout');
    expect(second?.message).toBe('drain timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(writer.destroyed).toBe(true);
  });

  it('keeps a subscriber whose buffer never empties while it keeps answering, and lets the waiters go at the drain', async () => {
    const { writer, reader } = await pair();
    const client = { waitForDrain: (_cb: (err: Error | null) => void) => {} };
    watchDrainByProgress(client, writer, TIMEOUT_MS);
    await fill(writer);
    const waited = waitFor(client);
    // For six timeouts the reader takes a little and answers, and the writer adds more: behind all along, never empty.
    const until = performance.now() + 6 * TIMEOUT_MS;
    while (performance.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      reader.read();
      reader.write('\x40'); // a PUBACK's first byte: a sign of life
      writer.write(CHUNK);
    }
    expect(writer.destroyed).toBe(false);
    // Then it catches up (still answering as it goes): 'drain' lets the waiters go.
    reader.resume();
    const answering = setInterval(() => reader.write('\x40'), 20);
    const result = await waited;
    clearInterval(answering);
    expect(result).toBeNull();
    expect(writer.destroyed).toBe(false);
  });

  it('answers a wait on a connection already closed at once', async () => {
    const { writer } = await pair();
    const client = { waitForDrain: (_cb: (err: Error | null) => void) => {} };
    watchDrainByProgress(client, writer, TIMEOUT_MS);
    writer.destroy();
    expect((await waitFor(client))?.message).toBe('connection closed');
  });
});
