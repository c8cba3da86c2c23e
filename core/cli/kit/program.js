// The root `dpan` program with dpan's own command groups (commands/*.js). bin/dpan.js adds the plugins' commands
// and parses; scripts/gen-readme.mjs reads the tree for the README's command table.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Command } from 'commander';

import { coreGroups } from '../commands/index.js';
import { examples } from './help.js';
import { createKit } from './index.js';

const CLI_ROOT = new URL('../', import.meta.url);
const { name, version } = JSON.parse(readFileSync(new URL('package.json', CLI_ROOT), 'utf8'));

/** dpan's own groups are registered like any plugin's, with the kit of @citysync/cli. */
export const corePlugin = { name, version, dir: fileURLToPath(CLI_ROOT), source: 'core' };

export function createProgram() {
  const program = new Command('dpan')
    .description('City/Sync: run a civic-credit economy (chain, city, organizations, tasks, redemptions, health).')
    .version(version, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    // dpan's own -v/--version is recognised only before a subcommand, so `dpan fork ... --version 2.0.0` is fork's.
    .enablePositionalOptions()
    .addHelpText(
      'after',
      examples('dpan city init my-city && cd my-city', 'dpan chain start', 'dpan city deploy', 'dpan health') +
        '\nExit codes: 0 success, 1 the operation failed or an input is invalid, 2 usage error.\n',
    );
  const kit = createKit(corePlugin);
  for (const register of coreGroups) register(program, kit);
  return program;
}
