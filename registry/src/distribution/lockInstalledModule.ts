import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import { type Address, isAddressEqual } from 'viem';

import type { CityReadClient } from '@citysync/sdk';
import { type InstallPolicy, fetchVerifiedModule } from './fetchVerifiedModule.js';
import { installedPackageDir } from './installFromRegistry.js';
import { type LockedModule, readLockfile, writeLockfile } from './lockfile.js';
import type { RegistryNetwork } from './registryNetwork.js';

export type LockInstalledModuleParameters = {
  network: RegistryNetwork & { chainId: number; publicClient: CityReadClient };
  cityDir: string;
  policy: InstallPolicy;
  name: string;
  /** The exact version the city's kernel installed. */
  version: string;
  /** The module's contract in the city. */
  module: Address;
};

export type LockInstalledModuleReturnType = { locked: LockedModule; packageDir: string; written: boolean };

/**
 * Records a module version installed through an operation (propose, approve, apply, possibly on other machines) in
 * the city's `dpan-lock.json`, with the verified package in `.citysync/modules/`: the version is fetched and verified
 * again exactly as `dpan install` does. Writes nothing when the lockfile already holds this version at this address,
 * so running it again changes nothing.
 */
export async function lockInstalledModule(parameters: LockInstalledModuleParameters): Promise<LockInstalledModuleReturnType> {
  const { network, cityDir, name, version, module } = parameters;
  const lock = readLockfile(cityDir);
  const previous = lock.modules[name];
  const packageDir = installedPackageDir(cityDir, name, version);
  if (previous !== undefined && previous.version === version && isAddressEqual(previous.module, module)) {
    return { locked: previous, packageDir, written: false };
  }
  const staging = join(resolve(cityDir), '.citysync', `.staging-${process.pid}-${Date.now()}`);
  mkdirSync(dirname(staging), { recursive: true });
  try {
    const fetched = await fetchVerifiedModule({ network, name, range: version, policy: parameters.policy, policyFile: 'city.json', dest: staging });
    rmSync(packageDir, { recursive: true, force: true });
    mkdirSync(dirname(packageDir), { recursive: true });
    renameSync(staging, packageDir);
    const locked: LockedModule = {
      version,
      integrity: fetched.record.integrity,
      manifestHash: fetched.record.manifestHash,
      module,
      forkedFrom: fetched.record.forkedFrom,
      audits: fetched.liveAttestations.map((a) => ({ auditor: a.auditor, verdict: a.verdict, reportHash: a.reportHash, attestedAt: a.attestedAt })),
      registry: { url: network.url, chainId: network.chainId, moduleRegistry: network.moduleRegistry as Address },
      installedAt: new Date().toISOString(),
    };
    lock.modules[name] = locked;
    writeLockfile(cityDir, lock);
    if (previous !== undefined && previous.version !== version) rmSync(installedPackageDir(cityDir, name, previous.version), { recursive: true, force: true });
    return { locked, packageDir, written: true };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Takes an uninstalled module out of `dpan-lock.json` and `.citysync/modules/`; false when it was not there. */
export function unlockModule(cityDir: string, name: string): boolean {
  const lock = readLockfile(cityDir);
  const locked = lock.modules[name];
  if (locked === undefined) return false;
  delete lock.modules[name];
  writeLockfile(cityDir, lock);
  const packageDir = installedPackageDir(cityDir, name, locked.version);
  rmSync(packageDir, { recursive: true, force: true });
  const nameDir = dirname(packageDir);
  try {
    if (readdirSync(nameDir).length === 0) rmSync(nameDir, { recursive: true });
  } catch {
    // The name's folder was never created.
  }
  return true;
}
