import semver from 'semver';

import { NoMatchingVersionError, RegistryRequestError } from '../errors.js';
import { fetchPackument, type FetchPackumentErrorType, type PackumentVersion } from './fetchPackument.js';

export type ResolveVersionParameters = {
  url: string;
  name: string;
  /** A semver range (`^1.0.0`), an exact version, or a dist-tag (`latest`). */
  range: string;
  /** Versions never to pick (yanked ones). */
  exclude?: readonly string[] | undefined;
};

export type ResolveVersionReturnType = {
  version: string;
  /** `dist.integrity` as the registry reports it. Check it against the chain record before trusting it. */
  integrity: string;
  tarballUrl: string;
  manifest: PackumentVersion;
};

export type ResolveVersionErrorType = FetchPackumentErrorType | NoMatchingVersionError;

/** Resolves a range to the highest matching published version (dist-tags first, as npm does). */
export async function resolveVersion(parameters: ResolveVersionParameters): Promise<ResolveVersionReturnType> {
  const { name, range } = parameters;
  const packument = await fetchPackument(parameters);
  const excluded = new Set(parameters.exclude ?? []);
  const candidates = Object.keys(packument.versions).filter((v) => !excluded.has(v));
  const tagged = packument['dist-tags'][range];
  const version =
    tagged !== undefined && candidates.includes(tagged) ? tagged : semver.maxSatisfying(candidates, range);
  const manifest = version === null ? undefined : packument.versions[version];
  if (version === null || manifest === undefined) {
    throw new NoMatchingVersionError(name, range, semver.sort(candidates));
  }
  const { integrity } = manifest.dist;
  if (integrity === undefined || !integrity.startsWith('sha512-')) {
    throw new RegistryRequestError(
      `${parameters.url} reports no sha512 integrity for ${name}@${version}. Republish it with a current npm.`,
    );
  }
  return { version, integrity, tarballUrl: manifest.dist.tarball, manifest };
}
