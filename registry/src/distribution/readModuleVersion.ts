import { ModuleRegistryAbi } from '@citysync/contracts';
import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';

import type { CityReadClient } from '@citysync/sdk';
import { digestToIntegrity } from './integrity.js';

export type AttestationVerdict = 'pass' | 'fail';

export type ModuleAttestation = {
  auditor: Address;
  verdict: AttestationVerdict;
  reportHash: Hex;
  /** Unix seconds. */
  attestedAt: number;
  revoked: boolean;
  /** Unix seconds; 0 while live. */
  revokedAt: number;
};

export type ModuleVersionRecord = {
  name: string;
  version: string;
  /** `sha512-<base64>`, comparable with npm's `dist.integrity`. */
  integrity: string;
  manifestHash: Hex;
  publisher: Address;
  /** Unix seconds. */
  publishedAt: number;
  /** `name@version` this version is forked from, or undefined. */
  forkedFrom: string | undefined;
  yank: { at: number; reason: string } | undefined;
  /** Every attestation, revoked ones included (history). */
  attestations: ModuleAttestation[];
  /** keccak256 of the setup's creation code recorded at publish; undefined when published without one. */
  setupCodeHash: Hex | undefined;
};

/** Verdict values of ModuleRegistry.Verdict (enum order). */
export const VERDICTS: readonly AttestationVerdict[] = ['pass', 'fail'];

/** The registry's recorded versions of `name`, in publish order (empty when the name is unknown). */
export async function readModuleVersions(client: CityReadClient, moduleRegistry: Address, name: string): Promise<string[]> {
  return [...(await readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'versions', args: [name] }))];
}

/**
 * Everything the chain records about `name@version`, or `undefined` when it was never published there.
 *
 * @example
 * const record = await readModuleVersion(client, network.moduleRegistry, '@berkeley/dpan-disaster-prep', '1.0.0');
 * record?.attestations.filter((a) => a.verdict === 'pass' && !a.revoked)
 */
export async function readModuleVersion(
  client: CityReadClient,
  moduleRegistry: Address,
  name: string,
  version: string,
): Promise<ModuleVersionRecord | undefined> {
  const published = await readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'isPublished', args: [name, version] });
  if (!published) return undefined;
  const [record, attestations, setupCodeHash] = await Promise.all([
    readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'record', args: [name, version] }),
    readPaged(
      () => readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'attestationCount', args: [name, version] }),
      (offset, limit) =>
        readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'attestations', args: [name, version, offset, limit] }),
    ),
    readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'setupCodeHash', args: [name, version] }),
  ]);
  return {
    name,
    version,
    integrity: digestToIntegrity(record.integrity),
    manifestHash: record.manifestHash,
    publisher: record.publisher,
    publishedAt: Number(record.publishedAt),
    forkedFrom: record.forkedFrom === '' ? undefined : record.forkedFrom,
    yank: record.yanked ? { at: Number(record.yankedAt), reason: record.yankReason } : undefined,
    attestations: attestations.map((a) => ({
      auditor: a.auditor,
      verdict: VERDICTS[a.verdict] ?? 'fail',
      reportHash: a.reportHash,
      attestedAt: Number(a.attestedAt),
      revoked: a.revoked,
      revokedAt: Number(a.revokedAt),
    })),
    setupCodeHash: BigInt(setupCodeHash) === 0n ? undefined : setupCodeHash,
  };
}

/** `name@version` of every recorded version forked from `name@version`, read page by page. */
export async function readModuleForks(client: CityReadClient, moduleRegistry: Address, name: string, version: string): Promise<string[]> {
  return await readPaged(
    () => readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'forkCount', args: [name, version] }),
    (offset, limit) =>
      readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'forksOf', args: [name, version, offset, limit] }),
  );
}

/** Items the ModuleRegistry returns per page at most (its MAX_PAGE). */
export const MODULE_REGISTRY_PAGE = 100n;

/**
 * A list the ModuleRegistry serves in pages (anyone can grow it, so it is never read in one call): its length, then
 * every page, in order.
 */
async function readPaged<T>(
  count: () => Promise<bigint>,
  page: (offset: bigint, limit: bigint) => Promise<readonly T[]>,
): Promise<T[]> {
  const total = await count();
  const offsets: bigint[] = [];
  for (let offset = 0n; offset < total; offset += MODULE_REGISTRY_PAGE) offsets.push(offset);
  const pages = await Promise.all(offsets.map((offset) => page(offset, MODULE_REGISTRY_PAGE)));
  return pages.flat();
}

/** Distinct trusted auditors, accredited now, with a live passing attestation of `name@version`. */
export async function readPassingAttestations(
  client: CityReadClient,
  moduleRegistry: Address,
  name: string,
  version: string,
  trustedAuditors: readonly Address[],
): Promise<number> {
  const count = await readContract(client, {
    address: moduleRegistry,
    abi: ModuleRegistryAbi,
    functionName: 'passingAttestations',
    args: [name, version, [...trustedAuditors]],
  });
  return Number(count);
}

/** Whether `account` is an accredited auditor now. */
export async function readIsAuditor(client: CityReadClient, moduleRegistry: Address, account: Address): Promise<boolean> {
  return await readContract(client, { address: moduleRegistry, abi: ModuleRegistryAbi, functionName: 'isAuditor', args: [account] });
}
