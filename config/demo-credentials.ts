/**
 * The demo's plaintext passwords (demo only): the one source is
 * demo-credentials.json beside a configuration. `linewatch start` prints the
 * dashboard logins from it, and demo-credentials.md, which the README links,
 * is rendered from it (test/unit/config/demo-credentials.test.ts checks that
 * the two agree and that every password matches its hash in demo.json).
 */
import { readFile } from 'node:fs/promises';
import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { schemaProblems } from '../protocol/schema-problems.js';
import { ConfigError } from './config-error.js';

/** The file's name, beside the configuration it belongs to. */
export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

const Id = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });
const Password = Type.String({ minLength: 1, maxLength: 256 });

const DemoCredentialsSchema = Type.Object(
  {
    $comment: Type.Optional(Type.String()),
    gateways: Type.Array(Type.Object({ id: Id, enterprise: Id, password: Password }, { additionalProperties: false })),
    services: Type.Array(Type.Object({ id: Id, role: Type.Enum(['analytics', 'dashboard']), password: Password }, { additionalProperties: false })),
    users: Type.Array(Type.Object({ id: Id, role: Type.Enum(['regulator', 'enterprise']), enterprise: Type.Union([Id, Type.Null()]), password: Password }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export type DemoCredentials = Static<typeof DemoCredentialsSchema>;

const validator = Compile(DemoCredentialsSchema);

/** The credentials in `text`; a ConfigError naming the file and every bad field otherwise. */
export function parseDemoCredentials(text: string, file: string): DemoCredentials {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError('LW_CONFIG_SYNTAX', file, [{ path: '', message: (err as Error).message }]);
  }
  if (!validator.Check(json)) throw new ConfigError('LW_CONFIG_INVALID', file, schemaProblems(DemoCredentialsSchema, json, validator.Errors(json)));
  return json as DemoCredentials;
}

/** The credentials file at `file`, or null when there is none (a real deployment has none). */
export async function readDemoCredentials(file: string): Promise<DemoCredentials | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError('LW_CONFIG_UNREADABLE', file, [{ path: '', message: (err as Error).message }]);
  }
  return parseDemoCredentials(text, file);
}

/** demo-credentials.md, as the README links it: rendered from the credentials, never edited by hand. */
export function demoCredentialsMarkdown(c: DemoCredentials): string {
  const code = (s: string) => `\`${s}\``;
  const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  return `# Demo credentials (demo only)

<!-- Generated from demo-credentials.json: edit that file, then run
     UPDATE_DEMO_CREDENTIALS=1 npx vitest run test/unit/config/demo-credentials.test.ts -->

These are the plaintext passwords behind the scrypt hashes in
[demo.json](demo.json). They exist so the demo can run out of the box and are
**published on purpose: never use them, or demo.json, for a real deployment.**
For a real one, write your own configuration and make each hash with

\`\`\`sh
linewatch hash-password < password-file      # or type it at the prompt
\`\`\`

The demo broker listens on 127.0.0.1 only, so these passwords are not
reachable from the network unless you change \`mqtt.listen.host\`.

## MQTT: gateways

A gateway logs in with its id as the user name and a client id of
\`<id>\` or \`<id>:<suffix>\` (see [protocol/README.md](../protocol/README.md#client-ids)).

${table(
  ['user name', 'enterprise', 'password'],
  c.gateways.map((g) => [code(g.id), code(g.enterprise), code(g.password)]),
)}

## MQTT: services

${table(
  ['user name', 'role', 'password'],
  c.services.map((s) => [code(s.id), s.role, code(s.password)]),
)}

## Dashboard users

${table(
  ['user name', 'role', 'enterprise', 'password'],
  c.users.map((u) => [code(u.id), u.role, u.enterprise === null ? 'all' : code(u.enterprise), code(u.password)]),
)}
`;
}
