/**
 * Reads a password from standard input, so it never appears on a command
 * line (shell history, `ps`). At a terminal the characters are not echoed;
 * from a pipe or file the whole input is the password, less one trailing
 * newline (what `echo` or an editor adds).
 */
import { CliError } from './cli-error.js';

/** Longest password accepted, in bytes; MQTT allows 65535, but no one types that. */
export const MAX_PASSWORD_BYTES = 1024;

export async function readPasswordFromStdin(command: string, stdin: NodeJS.ReadStream = process.stdin, prompt: NodeJS.WriteStream = process.stderr): Promise<string> {
  if (stdin.isTTY) {
    const first = await readHidden(command, stdin, prompt, 'Password: ');
    const second = await readHidden(command, stdin, prompt, 'Same password again: ');
    if (first !== second) throw new CliError('LW_USAGE', `${command}: the two passwords differ`);
    return check(command, first);
  }
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stdin) {
    bytes += (chunk as Buffer).length;
    if (bytes > MAX_PASSWORD_BYTES + 2) throw new CliError('LW_USAGE', `${command}: the password on standard input is longer than ${MAX_PASSWORD_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return check(
    command,
    Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, ''),
  );
}

function check(command: string, password: string): string {
  if (password === '') throw new CliError('LW_USAGE', `${command}: empty password (give it on standard input, e.g. 'linewatch ${command} < password-file')`);
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw new CliError('LW_USAGE', `${command}: the password is longer than ${MAX_PASSWORD_BYTES} bytes`);
  if (/[\r\n]/.test(password)) throw new CliError('LW_USAGE', `${command}: the password spans several lines; give one line`);
  return password;
}

/** One line typed at a terminal, without echo; Ctrl-C or Ctrl-D gives up. */
function readHidden(command: string, stdin: NodeJS.ReadStream, prompt: NodeJS.WriteStream, label: string): Promise<string> {
  prompt.write(label);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (result: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      prompt.write('\n');
      result();
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(() => resolve(typed));
        if (ch === '\u0003' || (ch === '\u0004' && typed === '')) return finish(() => reject(new CliError('LW_USAGE', `${command}: cancelled`, 130)));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
