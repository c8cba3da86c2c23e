import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { Address } from 'viem';

import { type InstallModuleReturnType, type InstallModuleStep, installModule } from '@citysync/sdk/node';
import type { WaitForDelay } from '@citysync/sdk';
import { resolveModuleParameters } from '@citysync/sdk';
import type { CityContracts } from '@citysync/sdk';
import type { CityReadClient, CityWalletClient } from '@citysync/sdk';
import { type FetchVerifiedModuleReturnType, type InstallPolicy, fetchVerifiedModule } from './fetchVerifiedModule.js';
import { type InstallPreview, installPreview } from './installPreview.js';
import { type LockedModule, readLockfile, writeLockfile } from './lockfile.js';
import type { RegistryNetwork } from './registryNetwork.js';

export type RegistryInstallStep =
  | { step: 'verified'; name: string; version: string; passing: number }
  | { step: 'preview'; preview: InstallPreview }
  | InstallModuleStep;

export type InstallFromRegistryParameters = {
  network: RegistryNetwork & { chainId: number; publicClient: CityReadClient };
  /** The city's directory: the verified package is kept in `.citysync/modules/`, the lockfile next to city.json. */
  cityDir: string;
  city: CityContracts;
  policy: InstallPolicy;
  /** Where the policy comes from, for messages. Default: city.json. */
  policyFile?: string | undefined;
  name: string;
  /** Semver range, exact version or dist-tag. Default: latest. */
  range?: string | undefined;
  wallet: CityWalletClient;
  committees: Record<'modules' | 'issuance' | 'rates', readonly CityWalletClient[]>;
  redeemers?: Readonly<Record<string, CityWalletClient>> | undefined;
  overrides?: Readonly<Record<string, number>> | undefined;
  waitForDelay: WaitForDelay;
  /** Verify and preview only: nothing is sent and no file is written. */
  dryRun?: boolean | undefined;
  onStep?: ((step: RegistryInstallStep) => void) | undefined;
  /** Internal: `update` replaces the installed version (see updateFromRegistry). */
  operation?: 'install' | 'update' | undefined;
};

export type InstallFromRegistryReturnType = {
  /** Undefined when an update found the installed version already the newest in range. */
  preview: InstallPreview | undefined;
  /** An update with nothing newer in range: nothing was done. */
  upToDate: boolean;
  dryRun: boolean;
  /** Undefined on a dry run. */
  installed: InstallModuleReturnType | undefined;
  /** The lockfile entry written (undefined on a dry run). */
  locked: LockedModule | undefined;
  /** Where the verified package is kept (undefined on a dry run). */
  packageDir: string | undefined;
};

/** `<city>/.citysync/modules/<name>/<version>`: the verified package a city installed. */
export function installedPackageDir(cityDir: string, name: string, version: string): string {
  return join(resolve(cityDir), '.citysync', 'modules', name, version);
}

/**
 * `dpan install`: fetches a module version from the registry network and verifies it (fetchVerifiedModule: range
 * without yanked versions, bytes against the chain record, audits against the city's policy, every file against its
 * schema, content hash against the chain), previews it, then installs it through the kernel and the committees
 * (installModule) and writes `dpan-lock.json`.
 *
 * All or nothing where the city is concerned: every check runs before the first transaction, the package is
 * unpacked into a staging directory that is removed on any failure, and the lockfile is written only once the
 * install succeeded. A failure after the kernel applied the install (a committee step) is reported as
 * ModuleInstallIncompleteError with what remains to do.
 */
export async function installFromRegistry(parameters: InstallFromRegistryParameters): Promise<InstallFromRegistryReturnType> {
  const { network, cityDir, city, policy, name } = parameters;
  const onStep = parameters.onStep ?? (() => {});
  // Read first: a broken lockfile must stop the install before anything is sent.
  const lock = readLockfile(cityDir);
  const previous = lock.modules[name];
  // Beside .citysync/modules (same file system, so the final move is a rename), which only a success creates.
  const staging = join(resolve(cityDir), '.citysync', `.staging-${process.pid}-${Date.now()}`);
  mkdirSync(dirname(staging), { recursive: true });
  try {
    const fetched: FetchVerifiedModuleReturnType = await fetchVerifiedModule({
      network,
      name,
      range: parameters.range ?? 'latest',
      policy,
      policyFile: parameters.policyFile ?? 'city.json',
      dest: staging,
    });
    onStep({ step: 'verified', name, version: fetched.version, passing: fetched.passing });
    if (parameters.operation === 'update' && previous?.version === fetched.version) {
      return { preview: undefined, dryRun: parameters.dryRun === true, installed: undefined, locked: previous, packageDir: undefined, upToDate: true };
    }
    const values = resolveModuleParameters(fetched.pkg.parameters, parameters.overrides, { file: fetched.pkg.manifest.files.parameters });
    const preview = await installPreview({
      client: parameters.wallet,
      city,
      fetched,
      parameters: values,
      trustedAuditors: policy.trustedAuditors,
      minAttestations: policy.minAttestations,
      allowUnaudited: policy.allowUnaudited,
    });
    onStep({ step: 'preview', preview });
    if (parameters.dryRun === true) return { preview, dryRun: true, installed: undefined, locked: undefined, packageDir: undefined, upToDate: false };

    const installed = await installModule({
      dir: staging,
      city,
      wallet: parameters.wallet,
      committees: parameters.committees,
      redeemers: parameters.redeemers,
      overrides: parameters.overrides,
      waitForDelay: parameters.waitForDelay,
      onStep,
      operation: parameters.operation,
      expectedSetupCodeHash: fetched.record.setupCodeHash,
    });
    const packageDir = installedPackageDir(cityDir, name, fetched.version);
    rmSync(packageDir, { recursive: true, force: true });
    mkdirSync(dirname(packageDir), { recursive: true });
    renameSync(staging, packageDir);
    const locked: LockedModule = {
      version: fetched.version,
      integrity: fetched.record.integrity,
      manifestHash: fetched.record.manifestHash,
      module: installed.module,
      forkedFrom: fetched.record.forkedFrom,
      audits: fetched.liveAttestations.map((a) => ({ auditor: a.auditor, verdict: a.verdict, reportHash: a.reportHash, attestedAt: a.attestedAt })),
      registry: { url: network.url, chainId: network.chainId, moduleRegistry: network.moduleRegistry as Address },
      installedAt: new Date().toISOString(),
    };
    lock.modules[name] = locked;
    writeLockfile(cityDir, lock);
    if (previous !== undefined && previous.version !== fetched.version) {
      rmSync(installedPackageDir(cityDir, name, previous.version), { recursive: true, force: true });
    }
    return { preview, dryRun: false, installed, locked, packageDir, upToDate: false };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
