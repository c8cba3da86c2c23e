// The modules a city installed from a registry, read from its dpan-lock.json without TypeScript (plugin discovery
// runs before every command, --help included). The lockfile's writer and full reader are in @citysync/registry
// (lockfile.ts, installFromRegistry.ts); a test keeps these paths equal to its.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { PluginDiscoveryError } from './errors.js';

export const LOCKFILE_NAME = 'dpan-lock.json';

/** `<city>/.citysync/modules/<name>/<version>`: where `dpan install` keeps the verified package. */
export function installedPackageDir(cityDir, name, version) {
  return join(resolve(cityDir), '.citysync', 'modules', name, version);
}

/** The packages of the city's lockfile as `{ name, version, dir }`; none when the city has no lockfile. */
export function lockedPackages(cityDir) {
  const path = join(resolve(cityDir), LOCKFILE_NAME);
  if (!existsSync(path)) return [];
  let lock;
  try {
    lock = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new PluginDiscoveryError(`${path} is not valid JSON (${error.message}): restore it from version control.`, { cause: error });
  }
  if (lock === null || typeof lock.modules !== 'object' || lock.modules === null) {
    throw new PluginDiscoveryError(`${path}#/modules: expected an object of installed modules; restore it from version control.`);
  }
  return Object.entries(lock.modules)
    .filter(([, entry]) => typeof entry?.version === 'string')
    .map(([name, entry]) => ({ name, version: entry.version, dir: installedPackageDir(cityDir, name, entry.version) }));
}
