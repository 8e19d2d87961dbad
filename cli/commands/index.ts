import type { Command } from './command.js';
import { analyzeCommand } from './analyze.js';
import { arlCommand } from './arl.js';
import { simulateCommand } from './simulate.js';

/** Every `linewatch <name>` subcommand, in the order `--help` lists them. */
export const COMMANDS: Readonly<Record<string, Command>> = Object.freeze({
  analyze: analyzeCommand,
  arl: arlCommand,
  simulate: simulateCommand,
});
