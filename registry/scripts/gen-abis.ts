/**
 * Writes registry/src/generated/abis.ts from the registry profile's forge artifacts (cache/registry/out): the
 * contracts a registry network deploys (ModuleRegistry behind an ERC1967Proxy; its AccessManager is the one core's
 * generated ABIs already hold).
 *
 *   npm run gen:abis                        (root: builds both profiles, then generates core's and this file)
 *   tsx registry/scripts/gen-abis.ts          generate from the artifacts already built
 *   tsx registry/scripts/gen-abis.ts --check  exit 1 if the checked-in file is stale
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { type ContractRef, REPO_ROOT, readArtifact, renderAbis, writeGenerated } from '../../core/scripts/gen-abis.js';
import { resolveFoundryTool } from '../../core/src/chain/foundryTool.js';

const OUT_DIR = join(REPO_ROOT, 'cache', 'registry', 'out');
const GENERATED_FILE = join(REPO_ROOT, 'registry', 'src', 'generated', 'abis.ts');

const CONTRACTS: readonly ContractRef[] = [
  { name: 'ERC1967Proxy', file: 'ERC1967Proxy.sol' },
  { name: 'ModuleRegistry', file: 'ModuleRegistry.sol', source: 'registry/contracts/ModuleRegistry.sol' },
];

function build(): void {
  const { command, args } = resolveFoundryTool('forge');
  const res = spawnSync(command, [...args, 'build'], { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, FOUNDRY_PROFILE: 'registry' } });
  if (res.error) throw res.error;
  if (res.status !== 0) throw new Error(`forge build (registry profile) failed (exit ${res.status ?? res.signal})`);
}

function main(argv: string[]): number {
  if (argv.includes('--build')) build();
  const text = renderAbis(CONTRACTS.map((ref) => ({ name: ref.name, artifact: readArtifact(ref, OUT_DIR) }))).replace(
    'the list of contracts is in core/scripts/gen-abis.ts',
    'the list of contracts is in registry/scripts/gen-abis.ts',
  );
  return writeGenerated(GENERATED_FILE, text, argv.includes('--check'));
}

process.exitCode = main(process.argv.slice(2));
