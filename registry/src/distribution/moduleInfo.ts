import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type Packument,
  NoMatchingVersionError,
  PackageNotFoundError,
  downloadTarball,
  extractTarball,
  fetchPackument,
  resolveVersion,
} from '@citysync/registry';
import type { DpanManifest, OutcomeMetric, PermissionRequest } from '@citysync/schemas';
import type { Address, Hex } from 'viem';

import { type ReadModuleDirectoryReturnType, readModuleDirectory } from '@citysync/module-kit';
import type { CityReadClient } from '@citysync/sdk';
import { ModuleVersionNotRecordedError } from './errors.js';
import { PublishedPackageMismatchError, UnknownModuleError } from './forkErrors.js';
import { type AttestationVerdict, type ModuleVersionRecord, readModuleForks, readModuleVersion, readModuleVersions } from './readModuleVersion.js';
import type { RegistryNetwork } from './registryNetwork.js';

/** What the catalog reads: the npm registry and the ModuleRegistry on the registry chain (no signer). */
export type CatalogNetwork = RegistryNetwork & { publicClient: CityReadClient };

/** The chain's record of every version of `name`, in publish order. */
export async function readModuleRecords(network: CatalogNetwork, name: string): Promise<ModuleVersionRecord[]> {
  const versions = await readModuleVersions(network.publicClient, network.moduleRegistry, name);
  const records = await Promise.all(versions.map((v) => readModuleVersion(network.publicClient, network.moduleRegistry, name, v)));
  return records.filter((r): r is ModuleVersionRecord => r !== undefined);
}

/** The packument of `name`, or `undefined` when the npm registry has no such package. */
export async function fetchPackumentIfAny(url: string, name: string): Promise<Packument | undefined> {
  try {
    return await fetchPackument({ url, name });
  } catch (error) {
    if (error instanceof PackageNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Downloads a recorded version's tarball, checks its bytes against the integrity recorded ON CHAIN (not the npm
 * registry's word: a tampered tarball throws TarballIntegrityError), unpacks it into `dest` (pacote: no scripts, no
 * paths outside), validates every file, and checks that it is the package recorded: same name and version, and a
 * content hash equal to the recorded manifest hash.
 */
export async function unpackRecordedVersion(network: CatalogNetwork, record: ModuleVersionRecord, dest: string): Promise<ReadModuleDirectoryReturnType> {
  const { name, version, integrity } = record;
  const id = `${name}@${version}`;
  const { tarball } = await downloadTarball({ url: network.url, name, version, integrity });
  await extractTarball({ tarball, dest, integrity });
  const pkg = readModuleDirectory(dest);
  if (pkg.manifest.name !== name || pkg.manifest.version !== version) {
    throw new PublishedPackageMismatchError(id, `its tarball holds ${pkg.manifest.name}@${pkg.manifest.version} (dpan.json#/name, #/version).`);
  }
  if (pkg.contentHash !== record.manifestHash) {
    throw new PublishedPackageMismatchError(id, `its content hash ${pkg.contentHash} differs from the ${record.manifestHash} recorded on the ModuleRegistry.`);
  }
  if (record.setupCodeHash !== undefined && pkg.setupCodeHash !== record.setupCodeHash) {
    throw new PublishedPackageMismatchError(
      id,
      `its setup's creation code hashes to ${pkg.setupCodeHash ?? 'nothing (no setup contract)'}, not to the ${record.setupCodeHash} recorded on the ModuleRegistry (dpan.json#/contracts/0/artifact).`,
    );
  }
  return pkg;
}

/** {@link unpackRecordedVersion} into a temporary directory, removed once `use` returns. */
export async function withRecordedVersion<T>(network: CatalogNetwork, record: ModuleVersionRecord, use: (pkg: ReadModuleDirectoryReturnType) => T): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'dpan-module-'));
  try {
    return use(await unpackRecordedVersion(network, record, join(scratch, 'package')));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export type ModuleAudit = {
  auditor: Address;
  verdict: AttestationVerdict;
  reportHash: Hex;
  /** ISO 8601. */
  attestedAt: string;
  revoked: boolean;
};

/** One version as the npm registry and the ModuleRegistry each know it. */
export type ModuleVersionInfo = {
  version: string;
  /** The npm registry serves it. */
  inRegistry: boolean;
  /** The ModuleRegistry records it (integrity, manifest hash, publisher): only then can its bytes be checked. */
  recorded: boolean;
  /** dist-tags pointing at it (`latest`, ...). */
  distTags: string[];
  /** The integrity recorded on chain. */
  integrity: string | undefined;
  /** Whether the npm registry's `dist.integrity` is the chain's; `undefined` when either side lacks the version. */
  integrityMatches: boolean | undefined;
  manifestHash: Hex | undefined;
  publisher: Address | undefined;
  /** ISO 8601, from the chain. */
  publishedAt: string | undefined;
  /** Every attestation, revoked ones included (history). */
  audits: ModuleAudit[];
  yank: { reason: string; at: string } | undefined;
  forkedFrom: string | undefined;
  /** `name@version` of every recorded fork of this version. */
  forks: string[];
};

export type ModuleParameterInfo = { key: string; default: number; min: number; max: number; unit: string; description: string; value: number | undefined };
export type ModuleTaskTypeInfo = { id: string; title: string; verification: string; rate: { default: number; min: number; max: number } };
export type ModuleOfferingInfo = { id: string; title: string; price: number; capacityPerPeriod: number };

/** What one version's package holds, read from its verified tarball. */
export type ModuleVersionDetails = {
  version: string;
  description: string;
  forkedFrom: string | null;
  contentHash: Hex;
  parameters: ModuleParameterInfo[];
  taskTypes: ModuleTaskTypeInfo[];
  offerings: ModuleOfferingInfo[];
  outcomeMetrics: OutcomeMetric[];
  permissions: PermissionRequest[];
};

export type ModuleInfoParameters = {
  network: CatalogNetwork;
  name: string;
  /** The version whose parameters, bounds and task types to show. Default: the latest version not yanked. */
  version?: string | undefined;
};

export type ModuleInfoReturnType = {
  name: string;
  /** The npm registry's description (package.json). */
  description: string | undefined;
  /** The npm `latest` dist-tag. */
  latest: string | undefined;
  /** Recorded versions in publish order, then versions only the npm registry has. */
  versions: ModuleVersionInfo[];
  /** The chosen version's package; `undefined` when no version may be shown (none recorded, or all yanked). */
  details: ModuleVersionDetails | undefined;
};

export type ModuleInfoErrorType = UnknownModuleError | ModuleVersionNotRecordedError | PublishedPackageMismatchError;

/**
 * Everything about a module: each version from the npm registry and the ModuleRegistry (integrity match, publisher,
 * publish time, audits with auditor, verdict and revocation, yank reason, forkedFrom, forks), and for one version
 * (default: the latest not yanked) its parameters and bounds, task types with rate bounds, offerings and outcome
 * metrics, read from its tarball after checking the bytes against the chain record.
 *
 * @example
 * const info = await moduleInfo({ network, name: '@berkeley/dpan-disaster-prep' });
 * info.details?.taskTypes.map((t) => `${t.id} ${t.rate.min}-${t.rate.max}`)
 */
export async function moduleInfo(parameters: ModuleInfoParameters): Promise<ModuleInfoReturnType> {
  const { network, name } = parameters;
  const [packument, records] = await Promise.all([fetchPackumentIfAny(network.url, name), readModuleRecords(network, name)]);
  if (packument === undefined && records.length === 0) throw new UnknownModuleError(name, `${network.url} has no such package and the ModuleRegistry records no version of it`);

  const npmVersions = Object.keys(packument?.versions ?? {});
  const byVersion = new Map(records.map((r) => [r.version, r]));
  const ordered = [...records.map((r) => r.version), ...npmVersions.filter((v) => !byVersion.has(v))];
  const versions = await Promise.all(
    ordered.map(async (version): Promise<ModuleVersionInfo> => {
      const record = byVersion.get(version);
      const dist = packument?.versions[version]?.dist;
      const forks = record === undefined ? [] : await readModuleForks(network.publicClient, network.moduleRegistry, name, version);
      return {
        version,
        inRegistry: dist !== undefined,
        recorded: record !== undefined,
        distTags: Object.entries(packument?.['dist-tags'] ?? {})
          .filter(([, v]) => v === version)
          .map(([tag]) => tag),
        integrity: record?.integrity,
        integrityMatches: record === undefined || dist === undefined ? undefined : dist.integrity === record.integrity,
        manifestHash: record?.manifestHash,
        publisher: record?.publisher,
        publishedAt: record === undefined ? undefined : isoOf(record.publishedAt),
        audits: (record?.attestations ?? []).map((a) => ({
          auditor: a.auditor,
          verdict: a.verdict,
          reportHash: a.reportHash,
          attestedAt: isoOf(a.attestedAt),
          revoked: a.revoked,
        })),
        yank: record?.yank === undefined ? undefined : { reason: record.yank.reason, at: isoOf(record.yank.at) },
        forkedFrom: record?.forkedFrom,
        forks,
      };
    }),
  );

  const chosen = parameters.version === undefined ? await latestShowable(network.url, packument, records) : records.find((r) => r.version === parameters.version);
  if (parameters.version !== undefined && chosen === undefined) {
    throw new ModuleVersionNotRecordedError(name, parameters.version, records.map((r) => r.version));
  }
  const details = chosen === undefined ? undefined : await withRecordedVersion(network, chosen, (pkg) => detailsOf(pkg));
  return { name, description: descriptionOf(packument), latest: packument?.['dist-tags']['latest'], versions, details };
}

/**
 * The version `info` and `search` show by default: npm's `latest` when it is recorded and not yanked, else the
 * highest recorded version that is not yanked (resolved by npm's own semver rules). Unrecorded versions are never
 * shown: nothing vouches for their bytes.
 */
export async function latestShowable(
  url: string,
  packument: Packument | undefined,
  records: readonly ModuleVersionRecord[],
): Promise<ModuleVersionRecord | undefined> {
  // Without the npm registry's copy there are no bytes to show.
  if (packument === undefined) return undefined;
  const showable = records.filter((r) => r.yank === undefined && packument.versions[r.version] !== undefined);
  const tagged = showable.find((r) => r.version === packument['dist-tags']['latest']);
  if (tagged !== undefined) return tagged;
  const excluded = Object.keys(packument.versions).filter((v) => !showable.some((r) => r.version === v));
  try {
    const { version } = await resolveVersion({ url, name: packument.name, range: '*', exclude: excluded });
    return showable.find((r) => r.version === version);
  } catch (error) {
    if (error instanceof NoMatchingVersionError) return undefined;
    throw error;
  }
}

function detailsOf(pkg: ReadModuleDirectoryReturnType): ModuleVersionDetails {
  const manifest: DpanManifest = pkg.manifest;
  return {
    version: manifest.version,
    description: manifest.description,
    forkedFrom: manifest.forkedFrom,
    contentHash: pkg.contentHash,
    parameters: Object.entries(pkg.parameters.parameters).map(([key, p]) => ({
      key,
      default: p.default,
      min: p.min,
      max: p.max,
      unit: p.unit,
      description: p.description,
      value: p.value,
    })),
    taskTypes: pkg.catalog.taskTypes.map((t) => ({ id: t.id, title: t.title, verification: t.verification, rate: { ...t.rate } })),
    offerings: (pkg.offerings?.offerings ?? []).map((o) => ({ id: o.id, title: o.title, price: o.price, capacityPerPeriod: o.capacityPerPeriod })),
    outcomeMetrics: manifest.outcomeMetrics,
    permissions: manifest.permissions,
  };
}

/** The description npm shows: the latest version's package.json description. */
export function descriptionOf(packument: Packument | undefined): string | undefined {
  const latest = packument?.['dist-tags']['latest'];
  const description = latest === undefined ? undefined : packument?.versions[latest]?.['description'];
  return typeof description === 'string' ? description : undefined;
}

function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
