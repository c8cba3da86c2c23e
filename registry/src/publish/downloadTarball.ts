import npmFetch from 'npm-registry-fetch';
import ssri from 'ssri';

import { RegistryRequestError, TarballIntegrityError } from '../errors.js';
import { registryMessageOf } from '../internal/httpStatus.js';
import { resolveVersion } from './resolveVersion.js';

export type DownloadTarballParameters = {
  url: string;
  name: string;
  version: string;
  /**
   * The integrity the bytes must have: the on-chain record's. Default: the registry's own `dist.integrity`, which
   * catches a corrupted or altered file but not a registry that lies about both.
   */
  integrity?: string | undefined;
};

export type DownloadTarballReturnType = { tarball: Buffer; integrity: string };

export type DownloadTarballErrorType = TarballIntegrityError | RegistryRequestError;

/** Downloads `name@version`'s tarball and verifies its bytes with ssri. Throws {@link TarballIntegrityError}. */
export async function downloadTarball(parameters: DownloadTarballParameters): Promise<DownloadTarballReturnType> {
  const { url, name, version } = parameters;
  const id = `${name}@${version}`;
  const resolved = await resolveVersion({ url, name, range: version });
  const expected = parameters.integrity ?? resolved.integrity;
  let tarball: Buffer;
  try {
    const res = await npmFetch(resolved.tarballUrl, { registry: url, forceAuth: {} });
    tarball = await res.buffer();
  } catch (error) {
    throw new RegistryRequestError(`Could not download ${id} from ${url}: ${registryMessageOf(error)}.`, { cause: error });
  }
  if (ssri.checkData(tarball, expected) === false) {
    throw new TarballIntegrityError(id, expected, ssri.fromData(tarball, { algorithms: ['sha512'] }).toString());
  }
  return { tarball, integrity: expected };
}
