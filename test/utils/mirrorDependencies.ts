import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { publishTarball } from '@citysync/registry';
import { CitySyncError } from '@citysync/schemas';

import { readWorkspacePackages } from '../../scripts/workspace-packages.mjs';

type Manifest = {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

export class MirrorDependenciesError extends CitySyncError {
  override name = 'MirrorDependenciesError';
}

export type MirrorDependenciesParameters = {
  /** The monorepo, installed (`npm ci`): its node_modules are the source of the packages. */
  root: string;
  /** Workspace packages whose third-party dependencies (and theirs, transitively) must be installable. */
  packages: readonly string[];
  /** Registry to publish them to, and a token that may publish there. */
  url: string;
  token: string;
};

/**
 * Publishes to `url` the third-party packages the named workspace packages need at run time, each exactly as it is
 * installed in the monorepo (packed from its node_modules folder), so that `npm install` against a registry with
 * no uplinks (the embedded verdaccio) resolves them without reaching the internet. Workspace packages met on the
 * way are followed but not published. Resolves to the `name@version`s published.
 */
export async function mirrorDependencies(parameters: MirrorDependenciesParameters): Promise<string[]> {
  const workspace = new Map(readWorkspacePackages(parameters.root).map((p) => [p.name, p.absoluteDir]));
  const found = new Map<string, string>();
  const queue = parameters.packages.map((name) => {
    const dir = workspace.get(name);
    if (dir === undefined) throw new MirrorDependenciesError(`${name} is not a workspace package of ${parameters.root}`);
    return dir;
  });
  const seen = new Set<string>(queue);
  while (queue.length > 0) {
    const dir = queue.shift()!;
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    const required = [
      ...Object.keys(manifest.dependencies ?? {}),
      // npm installs peers that are not optional; optional dependencies it installs when it can.
      ...Object.keys(manifest.peerDependencies ?? {}).filter((name) => manifest.peerDependenciesMeta?.[name]?.optional !== true),
    ];
    const optional = Object.keys(manifest.optionalDependencies ?? {});
    for (const name of [...required, ...optional]) {
      const installed = workspace.get(name) ?? installedDir(name, dir);
      if (installed === undefined) {
        if (required.includes(name)) throw new MirrorDependenciesError(`${name}, a dependency of ${manifest.name}, is not installed: run npm ci`);
        continue;
      }
      if (seen.has(installed)) continue;
      seen.add(installed);
      queue.push(installed);
      if (!workspace.has(name)) {
        const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Manifest;
        found.set(`${name}@${version}`, installed);
      }
    }
  }
  // A few at a time: packing is CPU-bound, uploads wait on verdaccio.
  const dirs = [...found.values()];
  const publishNext = async (): Promise<void> => {
    const dir = dirs.shift();
    if (dir === undefined) return;
    await publishTarball({ url: parameters.url, token: parameters.token, dir });
    await publishNext();
  };
  await Promise.all([publishNext(), publishNext(), publishNext()]);
  return [...found.keys()].sort();
}

/** Where Node would find `name` from `fromDir`: the nearest node_modules/<name> up the tree. */
function installedDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
