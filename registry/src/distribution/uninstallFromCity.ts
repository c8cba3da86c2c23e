import { readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

import { type UninstallModuleParameters, type UninstallModuleReturnType, uninstallModule } from '@citysync/sdk';
import { installedPackageDir } from './installFromRegistry.js';
import { readLockfile, writeLockfile } from './lockfile.js';

/**
 * `dpan uninstall <name>`: {@link uninstallModule} through the committees, then the module leaves `dpan-lock.json`
 * and its verified package leaves `.citysync/modules/`. The lockfile is read first, so a broken one stops the
 * uninstall before anything is sent.
 */
export async function uninstallFromCity(parameters: UninstallModuleParameters & { cityDir: string }): Promise<UninstallModuleReturnType> {
  const lock = readLockfile(parameters.cityDir);
  const result = await uninstallModule(parameters);
  const locked = lock.modules[parameters.name];
  if (locked !== undefined) {
    delete lock.modules[parameters.name];
    writeLockfile(parameters.cityDir, lock);
    const packageDir = installedPackageDir(parameters.cityDir, parameters.name, locked.version);
    rmSync(packageDir, { recursive: true, force: true });
    // The name's folder too, once it holds no version.
    const nameDir = dirname(packageDir);
    if (readdirSync(nameDir, { withFileTypes: true }).length === 0) rmSync(nameDir, { recursive: true });
  }
  return result;
}
