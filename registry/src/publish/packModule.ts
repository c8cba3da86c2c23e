import { resolve } from 'node:path';

import pacote from 'pacote';
import ssri from 'ssri';

import { RegistryRequestError } from '../errors.js';

/** The package.json of a packed module, as npm publishes it (normalized by pacote). */
export type ModuleManifest = Record<string, unknown> & { name: string; version: string };

export type PackModuleReturnType = {
  /** The npm tarball (.tgz), exactly the bytes `npm pack` would produce. */
  tarball: Buffer;
  /** `sha512-<base64>`: the Subresource Integrity string npm records as `dist.integrity`. */
  integrity: string;
  manifest: ModuleManifest;
};

export type PackModuleErrorType = RegistryRequestError;

/**
 * Packs a module directory into an npm tarball with pacote (the files npm-packlist selects: `files`, .npmignore,
 * package.json, README...). Lifecycle scripts are not run: packing a module never executes its code.
 */
export async function packModule(dir: string): Promise<PackModuleReturnType> {
  const path = resolve(dir);
  let manifest: Record<string, unknown>;
  let tarball: Buffer;
  try {
    manifest = { ...(await pacote.manifest(path, { fullMetadata: true, ignoreScripts: true } as pacote.Options)) };
    // pacote asks Arborist for the dependency tree only to find bundleDependencies; a module bundles none, so a
    // root node without edges stands in for it (Arborist is not a dependency of this package).
    const tree = { path, package: manifest, isProjectRoot: true, edgesOut: new Map<string, never>(), workspaces: undefined };
    tarball = await pacote.tarball(path, { ignoreScripts: true, tree } as pacote.Options);
  } catch (error) {
    throw new RegistryRequestError(`Could not pack ${path}. Check that it holds a valid package.json.`, { cause: error });
  }
  const { name, version } = manifest;
  if (typeof name !== 'string' || typeof version !== 'string') {
    throw new RegistryRequestError(`${path}/package.json needs a name and a version to be packed.`);
  }
  const integrity = ssri.fromData(tarball, { algorithms: ['sha512'] }).toString();
  return { tarball, integrity, manifest: { ...manifest, name, version } };
}
