import { runCli } from './run.js';

// exitCode rather than exit(): a large piped --json report must drain first.
process.exitCode = await runCli(process.argv.slice(2));
