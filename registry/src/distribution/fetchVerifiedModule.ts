import { NoMatchingVersionError, resolveVersion } from '@citysync/registry';
import { type Address, isAddressEqual } from 'viem';

import type { CityReadClient } from '@citysync/sdk';
import type { ReadModuleDirectoryReturnType } from '@citysync/module-kit';
import { ModuleVersionNotRecordedError } from './errors.js';
import { ModuleAuditFailedError, ModuleNotAuditedError, ModuleYankedError, NoInstallableVersionError } from './installErrors.js';
import { readModuleRecords, unpackRecordedVersion } from './moduleInfo.js';
import { type ModuleAttestation, type ModuleVersionRecord, readIsAuditor, readPassingAttestations } from './readModuleVersion.js';
import type { RegistryNetwork } from './registryNetwork.js';

/** A city's install policy (city.json `installPolicy`). */
export type InstallPolicy = {
  trustedAuditors: readonly Address[];
  minAttestations: number;
  allowUnaudited: boolean;
};

export type FetchVerifiedModuleParameters = {
  network: RegistryNetwork & { publicClient: CityReadClient };
  name: string;
  /** A semver range, an exact version or a dist-tag. */
  range: string;
  policy: InstallPolicy;
  /** The file the policy comes from, for messages (e.g. `city.json`). */
  policyFile: string;
  /** Where to unpack the verified package (must not exist yet). */
  dest: string;
};

export type FetchVerifiedModuleReturnType = {
  version: string;
  record: ModuleVersionRecord;
  /** The unpacked package in `dest`, every file validated against its schema. */
  pkg: ReadModuleDirectoryReturnType;
  /** Distinct trusted, accredited auditors with a live passing attestation. */
  passing: number;
  /** The live attestations of the version (trusted or not), as the lockfile records them. */
  liveAttestations: ModuleAttestation[];
};

/**
 * Everything a city checks before a module version may touch its chain, in order:
 *  1. resolve the range against the npm registry, skipping versions yanked on the ModuleRegistry;
 *  2. check its audits against the city's install policy: a live failing attestation from a trusted auditor refuses
 *     it; fewer passing ones than `minAttestations` refuses it unless `allowUnaudited`;
 *  3. download the tarball and check its bytes against the integrity recorded ON CHAIN (not the registry's word);
 *  4. unpack it (pacote: nothing outside `dest`, no scripts) and validate every file against its schema;
 *  5. check that it is the package asked for, with the content hash recorded on chain (unpackRecordedVersion).
 */
export async function fetchVerifiedModule(parameters: FetchVerifiedModuleParameters): Promise<FetchVerifiedModuleReturnType> {
  const { network, name, range, policy } = parameters;
  const client = network.publicClient;
  const spec = `${name}@${range}`;

  // 1. resolve
  const records = new Map((await readModuleRecords(network, name)).map((r) => [r.version, r]));
  const yanked = [...records.values()].filter((r) => r.yank !== undefined).map((r) => r.version);
  let version: string;
  try {
    const resolved = await resolveVersion({ url: network.url, name, range, exclude: yanked });
    version = resolved.version;
  } catch (error) {
    if (!(error instanceof NoMatchingVersionError)) throw error;
    // Would a yanked version have matched? Then say so, with the maintainer's reason.
    const unfiltered = await resolveVersion({ url: network.url, name, range }).catch(() => undefined);
    const yank = unfiltered === undefined ? undefined : records.get(unfiltered.version)?.yank;
    if (unfiltered !== undefined && yank !== undefined) throw new ModuleYankedError(`${name}@${unfiltered.version}`, yank.reason);
    throw new NoInstallableVersionError(spec, [error.message, ...yanked.map((v) => `${name}@${v} is yanked: ${records.get(v)?.yank?.reason ?? ''}`)]);
  }
  const record = records.get(version);
  if (record === undefined) throw new ModuleVersionNotRecordedError(name, version, [...records.keys()]);
  const id = `${name}@${version}`;

  // 2. audits against the policy (chain reads only: a refused version is never downloaded)
  const live = record.attestations.filter((a) => !a.revoked);
  const trusted = (auditor: Address) => policy.trustedAuditors.some((t) => isAddressEqual(t, auditor));
  const failing: Address[] = [];
  for (const a of live) {
    if (a.verdict === 'fail' && trusted(a.auditor) && (await readIsAuditor(client, network.moduleRegistry, a.auditor))) failing.push(a.auditor);
  }
  if (failing.length > 0) throw new ModuleAuditFailedError(id, failing);
  const passing = policy.trustedAuditors.length === 0 ? 0 : await readPassingAttestations(client, network.moduleRegistry, name, version, policy.trustedAuditors);
  if (passing < policy.minAttestations && !policy.allowUnaudited) {
    throw new ModuleNotAuditedError(id, passing, policy.minAttestations, policy.trustedAuditors, parameters.policyFile);
  }

  // 3.-5. download, bytes against the chain record, unpack, validate, identity and content hash
  const pkg = await unpackRecordedVersion(network, record, parameters.dest);
  return { version, record, pkg, passing, liveAttestations: live };
}
