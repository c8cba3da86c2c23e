import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type PackModuleReturnType,
  PackageNotFoundError,
  type Packument,
  type RegistryRequestError,
  RegistryUnauthorizedError,
  VersionExistsError,
  extractTarball,
  fetchPackument,
  packModule,
  publishTarball,
  readRegistryUser,
} from '@citysync/registry';
import type { SchemaValidationError } from '@citysync/schemas';
import type { Address, Hash, Hex } from 'viem';

import type { ContractRevertError } from '@citysync/sdk';
import { ModulePackageError, type ModuleNotFoundError } from '@citysync/sdk';
import { readModuleDirectory } from '@citysync/module-kit';
import type { CityWalletClient } from '@citysync/sdk';
import {
  ModulePublishIncompleteError,
  ModuleTarballContentError,
  ModuleVersionConflictError,
  type NotModuleMaintainerError,
  UnknownForkSourceError,
} from './errors.js';
import { readModuleVersion } from './readModuleVersion.js';
import type { RegistryNetworkClients } from './registryNetwork.js';
import { recordModuleVersion } from './writeModuleRegistry.js';
import { requireMaintainer } from './yankModule.js';

export type PublishModuleParameters = {
  /** The module package: holds package.json and dpan.json (name and version agree). */
  dir: string;
  /** The registry network (from openRegistryNetwork). */
  network: RegistryNetworkClients;
  /** The publisher's wallet on the registry chain (`network.walletOf(account)`): recorded as the version's publisher. */
  publisher: CityWalletClient;
  /** The npm registry token (`dpan registry adduser` prints one). Required: the registry refuses anonymous publishes. */
  token?: string | undefined;
  /** dist-tag to point at the version. Default: `latest`. */
  tag?: string | undefined;
};

export type PublishModuleReturnType = {
  name: string;
  version: string;
  /** `sha512-<base64>` of the tarball: recorded on chain and equal to the npm registry's `dist.integrity`. */
  integrity: string;
  /** The package's content hash (readModuleDirectory(dir).contentHash), recorded on chain as `manifestHash`. */
  manifestHash: Hex;
  /** dpan.json's `forkedFrom` (`name@version` of a recorded version), or undefined. */
  forkedFrom: string | undefined;
  publisher: Address;
  /** The npm registry user the token belongs to. */
  registryUser: string;
  /** npm registry URL. */
  url: string;
  /** Whether this call recorded the version on chain (false: it was recorded already, with these very bytes). */
  recordedOnChain: boolean;
  /** The ModuleRegistry.publish transaction, when this call sent it. */
  transactionHash: Hash | undefined;
  /** Whether this call published the tarball to the npm registry (false: the registry had these very bytes). */
  publishedToRegistry: boolean;
};

export type PublishModuleErrorType =
  | ModuleNotFoundError
  | SchemaValidationError
  | ModulePackageError
  | ModuleTarballContentError
  | UnknownForkSourceError
  | RegistryUnauthorizedError
  | ModuleVersionConflictError
  | NotModuleMaintainerError
  | VersionExistsError
  | RegistryRequestError
  | ModulePublishIncompleteError
  | ContractRevertError;

/**
 * Publishes a module version: validates the package, packs it once, records the tarball's integrity and the
 * package's content hash on the ModuleRegistry, then publishes those same bytes to the npm registry.
 *
 * Every check comes before the first write, so a refused publish changes nothing anywhere: the package's files
 * against their schemas (and package.json against dpan.json), dpan.json's `forkedFrom` against the chain, the token
 * against the registry (`/-/whoami`), and the version on both sides: already recorded or published with the same
 * bytes is skipped (a re-run is a no-op), with other bytes refused.
 *
 * Why the chain first: the record decides which bytes are `name@version` (installers check every download against
 * it), and the contract settles a race for the version atomically; the npm registry only stores the bytes. A publish
 * interrupted after the record (registry down, process killed) is completed by running it again: the record with
 * the same integrity is skipped and the tarball published. The other order could leave bytes on the npm registry,
 * where a version can never be republished, that the chain then refuses to vouch for.
 *
 * @example
 * const network = await openRegistryNetwork({ dir: '.citysync/registry' });
 * const result = await publishModule({ dir: 'modules/disaster-prep', network, publisher: network.walletOf(account), token });
 * result.integrity // sha512-..., what the chain and the npm registry both hold
 */
export async function publishModule(parameters: PublishModuleParameters): Promise<PublishModuleReturnType> {
  const { network, publisher, token } = parameters;
  const { url, publicClient, moduleRegistry } = network;

  // The package: every file against its schema (package.json and dpan.json agree on name and version).
  const pkg = readModuleDirectory(parameters.dir);
  const { name, version } = pkg.manifest;
  const id = `${name}@${version}`;
  const forkedFrom = pkg.manifest.forkedFrom ?? undefined;

  // Packed once: these bytes are the ones recorded on chain and published.
  const packed = await packModule(pkg.dir);
  checkPackedManifest(packed, name, version);
  await checkTarballContent(packed, pkg, id);

  if (forkedFrom !== undefined) await checkForkSource(network, forkedFrom, id);

  if (token === undefined || token === '') throw unauthorized(url, id, 'no token was given');
  const registryUser = await readRegistryUser({ url, token });
  if (registryUser === undefined) throw unauthorized(url, id, 'the registry does not accept the token');

  // The chain: recorded with these bytes -> skip; with others -> refuse; else the publisher must be allowed.
  const recorded = await readModuleVersion(publicClient, moduleRegistry, name, version);
  if (recorded !== undefined && recorded.integrity !== packed.integrity) {
    throw new ModuleVersionConflictError(id, recorded.integrity, packed.integrity);
  }
  if (recorded === undefined) await requireMaintainer(network, name, publisher.account.address, { action: `publish ${id}`, claimable: true });

  // The npm registry: published with these bytes -> skip; with others -> refuse.
  const published = await publishedIntegrity(url, name, version);
  if (published !== undefined && published !== packed.integrity) {
    throw new VersionExistsError(url, id, {
      details:
        `the registry holds ${published}\nthis package ${packed.integrity}\n` +
        'A published version never changes: bump the version in package.json and dpan.json.',
    });
  }

  // The writes: the chain record, then the same bytes to the npm registry.
  let transactionHash: Hash | undefined;
  if (recorded === undefined) {
    const manifestHash = pkg.contentHash;
    const receipt = await recordModuleVersion(publisher, {
      moduleRegistry,
      name,
      version,
      integrity: packed.integrity,
      manifestHash,
      forkedFrom,
      setupCodeHash: pkg.setupCodeHash,
    });
    transactionHash = receipt.transactionHash;
  }
  if (published === undefined) {
    try {
      await publishTarball({ url, token, packed, tag: parameters.tag });
    } catch (error) {
      throw new ModulePublishIncompleteError(id, transactionHash, error);
    }
  }

  return {
    name,
    version,
    integrity: packed.integrity,
    manifestHash: pkg.contentHash,
    forkedFrom,
    publisher: publisher.account.address,
    registryUser,
    url,
    recordedOnChain: recorded === undefined,
    transactionHash,
    publishedToRegistry: published === undefined,
  };
}

function unauthorized(url: string, id: string, why: string): RegistryUnauthorizedError {
  return new RegistryUnauthorizedError(url, id, {
    details:
      `${why}. Log in with \`dpan registry adduser <name> --password <password>\` ` +
      'and pass the token it prints with --token (or DPAN_REGISTRY_TOKEN).',
  });
}

/** pacote normalizes package.json; what it packs must still be the name and version dpan.json declares. */
function checkPackedManifest(packed: PackModuleReturnType, name: string, version: string): void {
  for (const [field, value] of [['name', name], ['version', version]] as const) {
    if (packed.manifest[field] !== value) {
      throw new ModulePackageError(`dpan.json#/${field}`, `"${value}" differs from the packed package.json's ${field} "${packed.manifest[field]}"`, {
        details: `Set the same ${field} in package.json and dpan.json.`,
      });
    }
  }
}

/**
 * Unpacks the tarball and recomputes the content hash from what it holds: an installer does exactly that, so a
 * package.json `files` list that leaves out a hashed file is refused here rather than at every city's install.
 */
async function checkTarballContent(packed: PackModuleReturnType, pkg: { files: Record<string, string>; contentHash: Hex }, id: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'dpan-publish-'));
  try {
    await extractTarball({ tarball: packed.tarball, dest: scratch, integrity: packed.integrity });
    const missing = Object.keys(pkg.files).filter((path) => !existsSync(join(scratch, path)));
    if (missing.length > 0) throw new ModuleTarballContentError(id, `leaves out ${missing.join(', ')}, which the manifest hash covers`);
    const unpacked = readModuleDirectory(scratch).contentHash;
    if (unpacked !== pkg.contentHash) {
      throw new ModuleTarballContentError(id, `holds files that differ from the package directory (content hash ${unpacked}, not ${pkg.contentHash})`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** dpan.json's `forkedFrom` must be a version the ModuleRegistry records (the contract would refuse it too). */
async function checkForkSource(network: RegistryNetworkClients, forkedFrom: string, id: string): Promise<void> {
  const at = forkedFrom.lastIndexOf('@');
  const sourceName = forkedFrom.slice(0, at);
  const sourceVersion = forkedFrom.slice(at + 1);
  if (at <= 0 || sourceVersion === '') throw new UnknownForkSourceError(forkedFrom, `"${forkedFrom}" is not name@version`);
  if (forkedFrom === id) throw new UnknownForkSourceError(forkedFrom, `${id} cannot be forked from itself`);
  const source = await readModuleVersion(network.publicClient, network.moduleRegistry, sourceName, sourceVersion);
  if (source === undefined) {
    throw new UnknownForkSourceError(forkedFrom, `${forkedFrom} is not recorded on the ModuleRegistry ${network.moduleRegistry}`);
  }
}

/** `dist.integrity` of name@version on the npm registry, or undefined when it is not published there. */
async function publishedIntegrity(url: string, name: string, version: string): Promise<string | undefined> {
  let packument: Packument;
  try {
    packument = await fetchPackument({ url, name });
  } catch (error) {
    if (error instanceof PackageNotFoundError) return undefined;
    throw error;
  }
  const entry = packument.versions[version];
  if (entry === undefined) return undefined;
  // A registry that lists the version without an integrity cannot be shown to hold these bytes.
  return entry.dist.integrity ?? `(none; shasum ${entry.dist.shasum ?? 'unknown'})`;
}
