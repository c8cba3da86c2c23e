import { readFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  GENERATED_FILE,
  HEADER,
  REPO_ROOT,
  declaredContracts,
  discoverContracts,
  forgeBuild,
  generateAbisSource,
  renderAbis,
} from '../../scripts/gen-abis.js';

const contracts = discoverContracts();

describe('generated ABIs (core/contracts/src/generated/abis.ts)', () => {
  it('is up to date with the forge artifacts (else run `npm run gen:abis`)', { timeout: 600_000 }, () => {
    // Incremental: a no-op when out/ is current; compiles everything (a minute or more with solcjs) when out/ is missing.
    if (contracts.length > 0) forgeBuild('pipe');
    const where = relative(REPO_ROOT, GENERATED_FILE);
    expect(existsSync(GENERATED_FILE), `${where} is missing: run \`npm run gen:abis\``).toBe(true);
    const expected = generateAbisSource();
    const actual = readFileSync(GENERATED_FILE, 'utf8');
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      let line = 0;
      while (line < Math.max(a.length, e.length) && a[line] === e[line]) line++;
      expect.fail(
        `${where} is stale: run \`npm run gen:abis\` and commit the result.\n` +
          `First difference at line ${line + 1}:\n  checked in: ${a[line] ?? '(end of file)'}\n  generated:  ${e[line] ?? '(end of file)'}`,
      );
    }
  });
});

describe('gen-abis helpers', () => {
  it('finds non-abstract contracts, libraries and interfaces, ignoring comments and strings', () => {
    const src = `// contract Commented {}
      /* interface Hidden {} */ string constant S = "library Quoted";
      abstract contract Base {}
      contract Thing is Base {}
      library
        Lib {}
      interface IThing {}`;
    expect(declaredContracts(src)).toEqual(['Thing', 'Lib', 'IThing']);
  });

  it('renders deterministically, with bytecode only for deployable artifacts', () => {
    const abi = [{ stateMutability: 'view', outputs: [], name: 'x', inputs: [], type: 'function' }];
    const text = renderAbis([
      { name: 'IFoo', artifact: { abi, bytecode: { object: '0x' } } },
      { name: 'Foo', artifact: { abi, bytecode: { object: '0x6080' } } },
    ]);
    expect(text.startsWith(HEADER)).toBe(true);
    expect(text).toContain('export const IFooAbi = [');
    expect(text).not.toContain('IFooBytecode');
    expect(text).toContain("export const FooBytecode = '0x6080' as const;");
    expect(text).toContain('{\n    "type": "function",\n    "name": "x",');
    const shuffled = [{ type: 'function', inputs: [], name: 'x', outputs: [], stateMutability: 'view' }];
    expect(renderAbis([{ name: 'Foo', artifact: { abi: shuffled } }])).toBe(renderAbis([{ name: 'Foo', artifact: { abi } }]));
  });
});
