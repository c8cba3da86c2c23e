// The raw-mint anchor's bytecode: LoadMintToken.sol compiled with the npm `solc` (0.8.29, the project's settings:
// cancun, optimizer 200 runs, no metadata hash) and cached in LoadMintToken.json beside it, keyed by the source's
// hash, so a run compiles only when the source or the compiler changed (forge is not used: other work shares it).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Abi, Hex } from 'viem';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const SOURCE = join(here, 'LoadMintToken.sol');
const CACHE = join(here, 'LoadMintToken.json');
const SOURCE_NAME = 'bench/load/LoadMintToken.sol';

export type CompiledToken = { abi: Abi; bytecode: Hex; solcVersion: string; sourceHash: string; compiled: boolean };

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
};
type Solc = { version(): string; compile(input: string, options: { import(path: string): unknown }): string };

/** The token's ABI and creation code, compiled now if the cache is missing or stale. */
export function loadMintToken(): CompiledToken {
  const source = readFileSync(SOURCE, 'utf8');
  const require = createRequire(import.meta.url);
  const solc = require('solc') as Solc;
  const solcVersion = solc.version();
  const sourceHash = createHash('sha256').update(source).update(solcVersion).digest('hex');
  if (existsSync(CACHE)) {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as Omit<CompiledToken, 'compiled'>;
    if (cached.sourceHash === sourceHash) return { ...cached, compiled: false };
  }

  const input = {
    language: 'Solidity',
    sources: { [SOURCE_NAME]: { content: source } },
    settings: {
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
      metadata: { bytecodeHash: 'none' },
      outputSelection: { [SOURCE_NAME]: { LoadMintToken: ['abi', 'evm.bytecode.object'] } },
    },
  };
  const findImports = (path: string) => {
    const file = join(root, 'node_modules', path);
    return existsSync(file) ? { contents: readFileSync(file, 'utf8') } : { error: `not found: ${path}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`LoadMintToken.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contract = output.contracts?.[SOURCE_NAME]?.LoadMintToken;
  if (contract === undefined) throw new Error('solc produced no LoadMintToken');
  const token = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` as Hex, solcVersion, sourceHash };
  writeFileSync(CACHE, `${JSON.stringify(token, null, 2)}\n`);
  return { ...token, compiled: true };
}
