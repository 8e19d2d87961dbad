/**
 * Free loopback ports for the servers tests and the benchmark start. The one
 * place that asks the kernel for a port: every test server, test and
 * benchmark imports it from here.
 */
import { createServer, type Server } from 'node:net';

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port;
}

/**
 * `count` distinct TCP ports free on 127.0.0.1 right now. All are held open
 * together before any is released, so the kernel cannot hand out the same
 * port twice (two calls to freePort could).
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listenOnAnyPort()));
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the kernel gave no TCP port on 127.0.0.1');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

function listenOnAnyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
