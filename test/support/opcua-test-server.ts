import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type OwnNamespace = ReturnType<NonNullable<import('node-opcua-server').OPCUAServer['engine']['addressSpace']>['getOwnNamespace']>;
type UAVariable = ReturnType<OwnNamespace['addVariable']>;
type UAObject = ReturnType<OwnNamespace['addObject']>;

/** A variable of the test server: `ns=1;s=<name>`, in folder `folder` under Objects. */
export interface TestVariable {
  readonly name: string;
  readonly dataType: 'Double' | 'String' | 'UInt32' | 'Int32';
  readonly folder?: string;
  readonly browseName?: string;
  readonly initial?: number | string;
}

export interface OpcuaTestServerOptions {
  readonly variables: readonly TestVariable[];
  /** 0 picks a free port on the first start; a restart reuses it. */
  readonly port?: number;
  /** The namespace of the variables and folders; default the server's own. An OPC 40084 URI makes them look like an extrusion line's. */
  readonly namespaceUri?: string;
  /** user name -> password; when given, anonymous sessions are refused. */
  readonly users?: Readonly<Record<string, string>>;
}

/**
 * A real node-opcua server on loopback for the OPC UA source's tests. Its
 * PKI (server certificate, trust lists) lives in a temporary folder, never
 * in the repository or the user's home. `stop()` then `start()` is a server
 * restart on the same port: a new address space, new sessions, the values
 * set afresh.
 */
export class OpcuaTestServer {
  readonly pkiDir = mkdtempSync(join(tmpdir(), 'linewatch-opcua-pki-'));
  port: number;
  private server: import('node-opcua-server').OPCUAServer | null = null;
  private readonly nodes = new Map<string, UAVariable>();

  constructor(private readonly options: OpcuaTestServerOptions) {
    this.port = options.port ?? 0;
  }

  get endpointUrl(): string {
    return `opc.tcp://127.0.0.1:${this.port}`;
  }

  /** The `ns=N;s=` prefix of the test variables' node ids (N is 1 for the server's own namespace). */
  namespacePrefix = 'ns=1;';

  get running(): boolean {
    return this.server !== null;
  }

  /**
   * Starts (or restarts) the server. `preset` gives variables a value and
   * source timestamp before the first client can connect: a PLC whose OPC UA
   * server restarts keeps its last value and that value's time.
   */
  async start(preset: Readonly<Record<string, { value: number | string; sourceTs: number }>> = {}): Promise<void> {
    const ua = await import('node-opcua-server');
    const { DataType } = await import('node-opcua-client');
    const { OPCUACertificateManager } = await import('node-opcua-certificate-manager');
    if (this.port === 0) this.port = await freePort();
    const certificates = (name: string) =>
      new OPCUACertificateManager({ rootFolder: join(this.pkiDir, name), automaticallyAcceptUnknownCertificate: true, disableFileWatchers: true } as ConstructorParameters<
        typeof OPCUACertificateManager
      >[0]);
    const users = this.options.users;
    const server = new ua.OPCUAServer({
      port: this.port,
      hostname: '127.0.0.1',
      serverCertificateManager: certificates('server'),
      userCertificateManager: certificates('user'),
      allowAnonymous: users === undefined,
      ...(users !== undefined ? { userManager: { isValidUser: (name: string, password: string) => users[name] === password } } : {}),
      disableDiscovery: true,
    });
    await server.initialize();
    const addressSpace = server.engine.addressSpace;
    if (addressSpace === null) throw new Error('the test server has no address space');
    const namespace = this.options.namespaceUri ? addressSpace.registerNamespace(this.options.namespaceUri) : addressSpace.getOwnNamespace();
    this.namespacePrefix = `ns=${namespace.index};`;
    const folders = new Map<string, UAObject>();
    const folderOf = (path: string) => {
      let parent = addressSpace.rootFolder.objects as unknown as UAObject;
      let at = '';
      for (const part of path.split('/')) {
        at = at ? `${at}/${part}` : part;
        let folder = folders.get(at);
        if (folder === undefined) {
          folder = namespace.addObject({ organizedBy: parent, browseName: part, nodeId: `s=${at}` });
          folders.set(at, folder);
        }
        parent = folder;
      }
      return parent;
    };
    this.nodes.clear();
    for (const v of this.options.variables) {
      const variable = namespace.addVariable({
        componentOf: folderOf(v.folder ?? 'Line'),
        browseName: v.browseName ?? v.name,
        nodeId: `s=${v.name}`,
        dataType: v.dataType,
        // 0: every change is reported (exception-based), as a PLC that pushes its gauge values; a sampled node can miss a change between two samples.
        minimumSamplingInterval: 0,
        value: { dataType: DataType[v.dataType], value: v.initial ?? (v.dataType === 'String' ? '' : 0) },
      });
      this.nodes.set(v.name, variable);
    }
    this.server = server;
    for (const [name, { value, sourceTs }] of Object.entries(preset)) await this.set(name, value, { sourceTs });
    await server.start();
  }

  /** Sets a variable's value as a device would (its source timestamp, its status). */
  async set(name: string, value: number | string, options: { sourceTs?: number; status?: 'Good' | 'BadSensorFailure' | 'UncertainLastUsableValue' } = {}): Promise<void> {
    const { DataType, StatusCodes } = await import('node-opcua-client');
    const node = this.nodes.get(name);
    if (node === undefined || this.server === null) throw new Error(`no running variable ${name}`);
    const dataType = this.options.variables.find((v) => v.name === name)?.dataType ?? 'Double';
    node.setValueFromSource({ dataType: DataType[dataType], value }, StatusCodes[options.status ?? 'Good'], new Date(options.sourceTs ?? Date.now()));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await server.shutdown(0);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.pkiDir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}
