import npmFetch from 'npm-registry-fetch';

import { RegistryAuthError, RegistryRequestError } from '../errors.js';
import { httpStatusOf, registryMessageOf } from '../internal/httpStatus.js';

export type AddRegistryUserParameters = {
  /** Registry base URL, e.g. `http://127.0.0.1:4873`. */
  url: string;
  username: string;
  password: string;
  email: string;
};

/** The bearer token the registry issued for this user: pass it to {@link publishTarball}. */
export type AddRegistryUserReturnType = { token: string };

export type AddRegistryUserErrorType = RegistryAuthError | RegistryRequestError;

/**
 * Creates a registry user, or logs an existing one in with its password (npm's `adduser`:
 * `PUT /-/user/org.couchdb.user:<name>`), and returns the token the registry issues.
 *
 * Throws {@link RegistryAuthError} when the registry refuses (wrong password for an existing user, registration
 * closed), {@link RegistryRequestError} for anything else.
 */
export async function addRegistryUser(parameters: AddRegistryUserParameters): Promise<AddRegistryUserReturnType> {
  const { url, username, password, email } = parameters;
  let body: Record<string, unknown>;
  try {
    body = await npmFetch.json(`/-/user/org.couchdb.user:${encodeURIComponent(username)}`, {
      registry: url,
      method: 'PUT',
      body: { _id: `org.couchdb.user:${username}`, name: username, password, email, type: 'user', roles: [], date: new Date().toISOString() },
      // A login never carries stale credentials from the environment's .npmrc.
      forceAuth: {},
    });
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 401 || status === 403 || status === 409) {
      throw new RegistryAuthError(
        `${url} refused user ${username}: ${registryMessageOf(error)}. ` +
          'If the user exists, give its password; otherwise ask the registry operator to open registration.',
        { cause: error },
      );
    }
    throw new RegistryRequestError(`Could not add user ${username} on ${url}. Is the registry running?`, { cause: error });
  }
  const token = body['token'];
  if (typeof token !== 'string' || token === '') {
    throw new RegistryAuthError(`${url} accepted user ${username} but returned no token. Log in again with npm adduser.`);
  }
  return { token };
}
