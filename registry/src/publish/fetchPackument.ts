import npmFetch from 'npm-registry-fetch';

import { PackageNotFoundError, RegistryRequestError } from '../errors.js';
import { httpStatusOf, registryMessageOf } from '../internal/httpStatus.js';

/** One version of a packument: its package.json plus `dist`. */
export type PackumentVersion = Record<string, unknown> & {
  name: string;
  version: string;
  dist: { tarball: string; integrity?: string | undefined; shasum?: string | undefined };
};

/** A package's registry document (every version, dist-tags, times). */
export type Packument = {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, PackumentVersion>;
  time?: Record<string, string> | undefined;
};

export type FetchPackumentParameters = { url: string; name: string };
export type FetchPackumentErrorType = PackageNotFoundError | RegistryRequestError;

/** Fetches a package's full packument (`GET /<name>`). Throws {@link PackageNotFoundError} on 404. */
export async function fetchPackument(parameters: FetchPackumentParameters): Promise<Packument> {
  const { url, name } = parameters;
  try {
    return (await npmFetch.json(`/${name.replace('/', '%2f')}`, { registry: url, forceAuth: {} })) as unknown as Packument;
  } catch (error) {
    if (httpStatusOf(error) === 404) throw new PackageNotFoundError(url, name, { cause: error });
    throw new RegistryRequestError(`Could not read ${name} from ${url}: ${registryMessageOf(error)}.`, { cause: error });
  }
}
