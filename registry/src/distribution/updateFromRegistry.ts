import { type InstallFromRegistryParameters, type InstallFromRegistryReturnType, installFromRegistry } from './installFromRegistry.js';
import { LockfileError } from './installErrors.js';
import { LOCKFILE_NAME, readLockfile } from './lockfile.js';

export type UpdateFromRegistryParameters = Omit<InstallFromRegistryParameters, 'operation' | 'range'> & {
  /** Default: `^<installed version>` (compatible releases, as npm update). */
  range?: string | undefined;
};

/**
 * `dpan update <name>`: the newest version in range that passes every install check (the same as
 * {@link installFromRegistry}), installed in place of the current one through the kernel's update (the old version's
 * roles revoked, the new one's granted), the task policy re-pointed, and the lockfile rewritten. Resolves with
 * `upToDate: true`, having sent nothing, when the installed version is already the newest installable one.
 */
export async function updateFromRegistry(parameters: UpdateFromRegistryParameters): Promise<InstallFromRegistryReturnType> {
  const current = readLockfile(parameters.cityDir).modules[parameters.name];
  if (current === undefined) {
    throw new LockfileError(`${parameters.name} is not in ${LOCKFILE_NAME}: it was not installed from a registry.`, {
      details: `Install it with: dpan install ${parameters.name}`,
    });
  }
  return await installFromRegistry({ ...parameters, range: parameters.range ?? `^${current.version}`, operation: 'update' });
}
