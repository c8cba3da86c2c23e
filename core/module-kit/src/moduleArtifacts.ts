import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ModuleBuildNotFoundError, ModulePackageError } from './errors.js';

export type WriteModuleArtifactsParameters = {
  /** The module package's directory, holding contracts/. */
  dir: string;
  /** forge's output directory for the module's build. Default: `<dir>/out` (a package's own foundry.toml). */
  out?: string | undefined;
  /** Compare with the checked-in files instead of writing them. */
  check?: boolean | undefined;
};

/** `written`, or when checking: `fresh` (the checked-in file is the build's) or `stale`. */
export type ModuleArtifactStatus = 'written' | 'fresh' | 'stale';

export type WriteModuleArtifactsReturnType = {
  /** One per contract declared in contracts/*.sol, in file then source order; `path` is relative to `dir`. */
  artifacts: { contractName: string; path: string; status: ModuleArtifactStatus }[];
};

export type WriteModuleArtifactsErrorType = ModulePackageError | ModuleBuildNotFoundError;

/**
 * Writes a module's artifacts/<Name>.json from a forge build: one file per contract declared in the module's
 * contracts/*.sol (abstract contracts, interfaces and libraries have none), holding { contractName, sourceName, abi,
 * bytecode } and nothing else (no metadata, no AST): the form readModuleDirectory reads and the content hash covers.
 * The artifacts are checked in, so a fork or a published tarball installs without a compiler. The bin
 * `dpan-module-artifacts` runs it.
 *
 * @example
 * writeModuleArtifacts({ dir: '.' })                                         // after `dpan-forge build`
 * writeModuleArtifacts({ dir: 'modules/general-economy', out: 'cache/modules/out', check: true })
 */
export function writeModuleArtifacts(parameters: WriteModuleArtifactsParameters): WriteModuleArtifactsReturnType {
  const dir = resolve(parameters.dir);
  const out = resolve(parameters.out ?? join(dir, 'out'));
  const contractsDir = join(dir, 'contracts');
  if (!existsSync(contractsDir)) {
    throw new ModulePackageError('contracts/', `no such folder in ${dir}`, {
      details: "Point at the module package's directory, the one holding contracts/ and dpan.json.",
    });
  }

  const artifacts: WriteModuleArtifactsReturnType['artifacts'] = [];
  for (const file of readdirSync(contractsDir).filter((name) => name.endsWith('.sol')).sort()) {
    const source = readFileSync(join(contractsDir, file), 'utf8');
    for (const [, contractName = ''] of source.matchAll(/^contract\s+(\w+)/gm)) {
      const built = join(out, file, `${contractName}.json`);
      if (!existsSync(built)) throw new ModuleBuildNotFoundError(built);
      const { abi, bytecode } = JSON.parse(readFileSync(built, 'utf8')) as { abi: unknown; bytecode: { object: string } };
      const artifact = { contractName, sourceName: `contracts/${file}`, abi, bytecode: bytecode.object };
      const text = `${JSON.stringify(artifact, null, 2)}\n`;
      const path = `artifacts/${contractName}.json`;
      const target = join(dir, path);
      if (parameters.check) {
        const fresh = existsSync(target) && readFileSync(target, 'utf8') === text;
        artifacts.push({ contractName, path, status: fresh ? 'fresh' : 'stale' });
        continue;
      }
      mkdirSync(join(dir, 'artifacts'), { recursive: true });
      writeFileSync(target, text);
      artifacts.push({ contractName, path, status: 'written' });
    }
  }
  return { artifacts };
}
