/// <reference path="../types/libnpmpublish.d.ts" />
import { publish } from 'libnpmpublish';

import { RegistryRequestError, RegistryUnauthorizedError, VersionExistsError } from '../errors.js';
import { httpStatusOf, registryMessageOf } from '../internal/httpStatus.js';
import { packModule, type ModuleManifest, type PackModuleReturnType } from './packModule.js';

export type PublishTarballParameters = {
  /** Registry base URL. */
  url: string;
  /** Bearer token from {@link addRegistryUser} (or `npm login`). Without one the registry refuses the publish. */
  token?: string | undefined;
  /** dist-tag to point at this version. Default: `latest`. */
  tag?: string | undefined;
} & (
  | {
      /** The module's directory: packed with {@link packModule}. */
      dir: string;
      packed?: undefined;
    }
  | {
      /**
       * A tarball already packed with {@link packModule}: published as is, so a caller that recorded its integrity
       * elsewhere (the ModuleRegistry) publishes exactly those bytes, not a second packing of a directory that may
       * have changed in between.
       */
      packed: PackModuleReturnType;
      dir?: undefined;
    }
);

export type PublishTarballReturnType = {
  name: string;
  version: string;
  /** sha512 integrity of the published tarball: what the on-chain ModuleRegistry records. */
  integrity: string;
  manifest: ModuleManifest;
  tarball: Buffer;
};

export type PublishTarballErrorType = RegistryUnauthorizedError | VersionExistsError | RegistryRequestError;

/**
 * Packs `dir` (or takes `packed`) and publishes it with libnpmpublish (npm's own publish: `PUT /<name>` with the
 * tarball attached).
 *
 * Throws {@link RegistryUnauthorizedError} without a valid token, {@link VersionExistsError} when the version is
 * already published, {@link RegistryRequestError} otherwise.
 */
export async function publishTarball(parameters: PublishTarballParameters): Promise<PublishTarballReturnType> {
  const { url, token } = parameters;
  const packed = parameters.packed !== undefined ? parameters.packed : await packModule(parameters.dir);
  const { name, version } = packed.manifest;
  const id = `${name}@${version}`;
  try {
    await publish(packed.manifest, packed.tarball, {
      registry: url,
      // Only this token: never credentials the environment's .npmrc holds for another registry.
      forceAuth: token === undefined ? {} : { token },
      access: 'public',
      defaultTag: parameters.tag ?? 'latest',
    });
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401 || status === 403) throw new RegistryUnauthorizedError(url, id, { cause: error });
    if (status === 409) throw new VersionExistsError(url, id, { cause: error });
    throw new RegistryRequestError(`Could not publish ${id} to ${url}: ${registryMessageOf(error)}.`, { cause: error });
  }
  return { name, version, integrity: packed.integrity, manifest: packed.manifest, tarball: packed.tarball };
}
