/**
 * Writes a module's artifacts/<Name>.json from a forge build: one file per contract declared in the module's
 * contracts/*.sol, holding { contractName, sourceName, abi, bytecode } (no metadata, no AST), the form
 * readModuleDirectory reads and the module's content hash covers. The artifacts are checked in: a fork or a
 * published tarball installs without a compiler.
 *
 *   tsx core/scripts/module-artifacts.ts modules/general-economy              from cache/modules/out (the root
 *                                                                            `modules` profile's build)
 *   tsx core/scripts/module-artifacts.ts . --out out                         in a standalone fork (its foundry.toml)
 *   tsx core/scripts/module-artifacts.ts modules/general-economy --check     exit 1 if a checked-in file is stale
 *
 * Build first: `FOUNDRY_PROFILE=modules forge build` at the monorepo root, or `forge build` in a fork.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' }, check: { type: 'boolean', default: false } },
});
const moduleDir = resolve(positionals[0] ?? '.');
const outDir = resolve(values.out ?? join(moduleDir, '..', '..', 'cache', 'modules', 'out'));
const contractsDir = join(moduleDir, 'contracts');
const artifactsDir = join(moduleDir, 'artifacts');

let stale = 0;
for (const file of readdirSync(contractsDir).filter((name) => name.endsWith('.sol')).sort()) {
  const source = readFileSync(join(contractsDir, file), 'utf8');
  for (const match of source.matchAll(/^(?:abstract\s+)?contract\s+(\w+)/gm)) {
    if (/^abstract/.test(match[0])) continue;
    const name = match[1] ?? '';
    const forgeArtifact = join(outDir, file, `${name}.json`);
    if (!existsSync(forgeArtifact)) {
      console.error(`module-artifacts: ${forgeArtifact} not found; build first (see the header of this script)`);
      process.exit(1);
    }
    const built = JSON.parse(readFileSync(forgeArtifact, 'utf8')) as { abi: unknown; bytecode: { object: string } };
    const artifact = { contractName: name, sourceName: `contracts/${file}`, abi: built.abi, bytecode: built.bytecode.object };
    const text = `${JSON.stringify(artifact, null, 2)}\n`;
    const target = join(artifactsDir, `${name}.json`);
    if (values.check) {
      if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
        console.error(`module-artifacts: ${target} is stale`);
        stale++;
      }
      continue;
    }
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${join(basename(moduleDir), 'artifacts', `${name}.json`)}`);
  }
}
if (stale > 0) process.exit(1);
