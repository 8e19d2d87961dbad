/**
 * TLS (mqtts) for the broker: reads the key, certificate and optional CA
 * named in the configuration, and turns every failure into one line naming
 * the file, rather than an OpenSSL stack trace.
 */
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import type { TlsFiles } from '../config/resolve.js';
import { BrokerError } from './broker-error.js';
import { fileErrorReason } from '../ops/file-error.js';

export async function loadTlsOptions(files: TlsFiles): Promise<tls.TlsOptions> {
  const [key, cert, ca] = await Promise.all([read('key', files.key), read('certificate', files.cert), files.ca ? read('CA', files.ca) : Promise.resolve(undefined)]);
  const options: tls.TlsOptions = { key, cert, ...(ca ? { ca } : {}), minVersion: 'TLSv1.2' };
  try {
    // Fails here, at start, on a key that does not match its certificate or on PEM that is not PEM.
    tls.createSecureContext(options);
  } catch (err) {
    throw new BrokerError('LW_BROKER_TLS', `TLS key ${files.key} and certificate ${files.cert} cannot be used: ${(err as Error).message}`);
  }
  return options;
}

async function read(what: string, file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const why = fileErrorReason(err);
    throw new BrokerError('LW_BROKER_TLS', `cannot read the TLS ${what} ${file}: ${why}`);
  }
}
