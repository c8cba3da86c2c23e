// A throw-away Foundry project laid out as an npm workspace member: <tmp>/node_modules holds its library (lib-pkg)
// and forge's npm platform package (linked from the repository's install), <tmp>/packages/counter is the package,
// with no node_modules of its own, its foundry.toml remapping `lib-pkg/` into node_modules/ as a standalone package's
// would. Its test contract has one passing and one failing test.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DPAN_FORGE = fileURLToPath(new URL('../bin/dpan-forge.js', import.meta.url));
export const DPAN_MODULE_ARTIFACTS = fileURLToPath(new URL('../bin/dpan-module-artifacts.js', import.meta.url));

const files: Record<string, string> = {
  'packages/counter/package.json': '{ "name": "counter", "private": true }\n',
  'packages/counter/foundry.toml': [
    '[profile.default]',
    'src = "contracts"',
    'test = "test"',
    'out = "out"',
    'libs = ["node_modules"]',
    'bytecode_hash = "none"',
    'remappings = ["lib-pkg/=node_modules/lib-pkg/src/"]',
    '',
  ].join('\n'),
  'packages/counter/contracts/Counter.sol': [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity 0.8.29;',
    'import {Step} from "lib-pkg/Step.sol";',
    'abstract contract Counted { uint256 public count; }',
    'contract Counter is Counted { function bump() external { count += Step.SIZE; } }',
    '',
  ].join('\n'),
  'packages/counter/test/Counter.t.sol': [
    '// SPDX-License-Identifier: MIT',
    'pragma solidity 0.8.29;',
    'import {Counter} from "../contracts/Counter.sol";',
    'contract CounterTest {',
    '    function test_bump_addsOne() public { Counter c = new Counter(); c.bump(); require(c.count() == 1, "count"); }',
    '    function test_bump_addsTwo() public { Counter c = new Counter(); c.bump(); require(c.count() == 2, "count"); }',
    '}',
    '',
  ].join('\n'),
  'node_modules/lib-pkg/src/Step.sol': '// SPDX-License-Identifier: MIT\npragma solidity 0.8.29;\nlibrary Step { uint256 internal constant SIZE = 1; }\n',
};

export type FoundryProject = { workspace: string; dir: string; remove: () => void };

/** Lays the project out in a fresh temp directory; `withForge: false` leaves forge's platform package out. */
export function foundryProject({ withForge = true }: { withForge?: boolean } = {}): FoundryProject {
  const workspace = mkdtempSync(join(tmpdir(), 'dpan-forge-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  if (withForge) symlinkSync(join(ROOT, 'node_modules/@foundry-rs'), join(workspace, 'node_modules/@foundry-rs'), 'dir');
  return { workspace, dir: join(workspace, 'packages/counter'), remove: () => rmSync(workspace, { recursive: true, force: true }) };
}

export type Run = { code: number | null; output: string };

/** Runs a command to completion in `cwd`, output (stdout then stderr) as text; FOUNDRY_* only as `env` sets them. */
export function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('FOUNDRY_'));
  const result = spawnSync(command, args, { cwd, env: { ...Object.fromEntries(inherited), NO_COLOR: '1', ...env }, encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}
