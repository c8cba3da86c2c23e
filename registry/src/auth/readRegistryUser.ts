import npmFetch from 'npm-registry-fetch';

import { RegistryRequestError } from '../errors.js';
import { httpStatusOf, registryMessageOf } from '../internal/httpStatus.js';

export type ReadRegistryUserParameters = {
  /** Registry base URL. */
  url: string;
  /** The bearer token to check (from {@link addRegistryUser} or `npm login`). */
  token: string;
};

export type ReadRegistryUserErrorType = RegistryRequestError;

/**
 * Who the registry says `token` belongs to (npm's `whoami`: `GET /-/whoami` with the token), or `undefined` when the
 * registry does not accept the token. Lets a publish check its credentials before it writes anything anywhere.
 *
 * Throws {@link RegistryRequestError} when the registry cannot be asked (not running, not an npm registry).
 */
export async function readRegistryUser(parameters: ReadRegistryUserParameters): Promise<string | undefined> {
  const { url, token } = parameters;
  let body: Record<string, unknown>;
  try {
    // Only this token: never credentials the environment's .npmrc holds for the registry.
    body = await npmFetch.json('/-/whoami', { registry: url, forceAuth: { token } });
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401 || status === 403) return undefined;
    throw new RegistryRequestError(`Could not ask ${url} who the token belongs to: ${registryMessageOf(error)}. Is the registry running?`, {
      cause: error,
    });
  }
  const username = body['username'];
  return typeof username === 'string' && username !== '' ? username : undefined;
}
