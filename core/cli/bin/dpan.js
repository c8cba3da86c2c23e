#!/usr/bin/env node
// The `dpan` command line: dpan's own command groups (commands/*.js), then the commands installed packages
// contribute (kit/plugins.js), then commander parses. Declaring loads neither TypeScript nor viem: an action
// imports its implementation (kit/load.js), so `dpan --help` answers in about Node's start-up time.
import { fileURLToPath } from 'node:url';

import { CommanderError } from 'commander';

import { assertKnownCommand, cityDirOf } from '../kit/argv.js';
import { createKit } from '../kit/index.js';
import { discoverPlugins, registerPlugins } from '../kit/plugins.js';
import { createProgram } from '../kit/program.js';

// `dpan ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const args = process.argv.slice(2);
const program = createProgram();
const found = discoverPlugins({ cliDir: fileURLToPath(new URL('..', import.meta.url)), cwd: process.cwd(), cityDir: cityDirOf(args) });
await registerPlugins(program, found, createKit);

try {
  assertKnownCommand(program, args);
  await program.parseAsync();
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // --help and --version end with code 0; every other commander error is a usage error.
  process.exitCode = error.exitCode === 0 ? 0 : 2;
}
