import { type Address, isAddressEqual } from 'viem';
import { readContract } from 'viem/actions';

import { ModuleKernelAbi } from '@citysync/contracts';
import type { CityContracts } from '@citysync/sdk';
import type { CityReadClient } from '@citysync/sdk';
import type { InstallPolicy } from './fetchVerifiedModule.js';
import { readLockfile } from './lockfile.js';
import { readIsAuditor, readModuleVersion, readPassingAttestations } from './readModuleVersion.js';
import type { RegistryNetwork } from './registryNetwork.js';

export type AdvisoryKind = 'yanked' | 'audit-failed' | 'below-policy' | 'not-recorded' | 'integrity-mismatch' | 'version-drift';

export type InstalledAdvisory = { kind: AdvisoryKind; message: string };

export type InstalledModuleStatus = {
  name: string;
  /** The version the city's kernel has installed. */
  version: string;
  module: Address;
  /** Whether it came through the registry (is in dpan-lock.json) or from a directory (`dpan module install`). */
  source: 'registry' | 'directory';
  advisories: InstalledAdvisory[];
};

export type AuditInstalledParameters = {
  /** Reads the city's chain. */
  cityClient: CityReadClient;
  city: CityContracts;
  cityDir: string;
  policy: InstallPolicy;
  /** The registry network the lockfile's modules came from; reads its chain. */
  network: RegistryNetwork & { publicClient: CityReadClient };
};

/**
 * Every module the city's kernel has installed, each checked again against the registry's chain now: yanked since,
 * a trusted auditor's failing verdict, fewer passing attestations than the policy needs (revoked or de-accredited
 * since), a record whose integrity or manifest hash no longer matches the lockfile, or a kernel version other than
 * the locked one. What `dpan status` and `dpan audit-installed` print.
 */
export async function auditInstalled(parameters: AuditInstalledParameters): Promise<InstalledModuleStatus[]> {
  const { cityClient, city, network, policy } = parameters;
  const lock = readLockfile(parameters.cityDir);
  const ids = await readContract(cityClient, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'moduleIds' });
  const statuses: InstalledModuleStatus[] = [];
  for (const id of ids) {
    const installation = await readContract(cityClient, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installationById', args: [id] });
    if (!installation.installed) continue;
    const { name, version } = installation;
    const locked = lock.modules[name];
    const status: InstalledModuleStatus = { name, version, module: installation.module, source: locked === undefined ? 'directory' : 'registry', advisories: [] };
    statuses.push(status);
    if (locked === undefined) continue;
    const add = (kind: AdvisoryKind, message: string) => status.advisories.push({ kind, message });
    if (locked.version !== version) add('version-drift', `dpan-lock.json has ${locked.version}, the kernel ${version}: reinstall or update through dpan so they agree`);
    const record = await readModuleVersion(network.publicClient, network.moduleRegistry, name, locked.version);
    if (record === undefined) {
      add('not-recorded', `${name}@${locked.version} is not recorded on this ModuleRegistry (${network.moduleRegistry})`);
      continue;
    }
    if (record.integrity !== locked.integrity || record.manifestHash !== locked.manifestHash) {
      add('integrity-mismatch', 'the registry record differs from what the lockfile says was installed: check the lockfile and --module-registry');
    }
    if (record.yank !== undefined) {
      add('yanked', `yanked on ${new Date(record.yank.at * 1000).toISOString().slice(0, 10)}: ${record.yank.reason} — update (dpan update ${name}) or uninstall it`);
    }
    const failing: Address[] = [];
    for (const a of record.attestations) {
      if (a.revoked || a.verdict !== 'fail' || !policy.trustedAuditors.some((t) => isAddressEqual(t, a.auditor))) continue;
      if (await readIsAuditor(network.publicClient, network.moduleRegistry, a.auditor)) failing.push(a.auditor);
    }
    if (failing.length > 0) add('audit-failed', `failed its audit by trusted auditor(s) ${failing.join(', ')}`);
    const passing = policy.trustedAuditors.length === 0 ? 0 : await readPassingAttestations(network.publicClient, network.moduleRegistry, name, locked.version, policy.trustedAuditors);
    if (passing < policy.minAttestations && !policy.allowUnaudited) {
      add('below-policy', `${passing} passing attestation(s) from trusted auditors now, the policy needs ${policy.minAttestations} (an attestation was revoked or its auditor de-accredited)`);
    }
  }
  return statuses;
}
