// The README's command table is generated from the command tree (scripts/gen-readme.mjs): it fails here when a
// command, its arguments, description or first example changed without `node core/cli/scripts/gen-readme.mjs`.
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { README, commandTable, shippedProgram, withTable } from '../scripts/gen-readme.mjs';

describe('README.md', () => {
  it('has the command table of the current command tree (else: node core/cli/scripts/gen-readme.mjs)', async () => {
    const readme = readFileSync(README, 'utf8');
    expect(withTable(readme, commandTable(await shippedProgram()))).toBe(readme);
  });

  it('lists dpan scaffold, which @citysync/scaffolder contributes, and no command of a module', async () => {
    const table = commandTable(await shippedProgram());
    expect(table).toContain('| `dpan scaffold` |');
    expect(table).toContain('| `dpan committee approve <committee> <proposalId>` |');
    expect(table).not.toContain('dpan mce');
  });

  it('a changed description makes it stale', async () => {
    const program = await shippedProgram();
    const readme = readFileSync(README, 'utf8');
    program.commands.find((cmd) => cmd.name() === 'validate')?.description('check files');
    expect(withTable(readme, commandTable(program))).not.toBe(readme);
  });
});
