import { expect, it } from 'vitest';

import * as registry from '../src/index.js';

// The public API changes only on purpose: update this list with the change.
it('exports exactly the public API', () => {
  expect(Object.keys(registry).sort()).toEqual([
    'NoMatchingVersionError',
    'PackageNotFoundError',
    'RegistryAuthError',
    'RegistryRequestError',
    'RegistryRunningError',
    'RegistryStartError',
    'RegistryStopError',
    'RegistryUnauthorizedError',
    'TarballIntegrityError',
    'VersionExistsError',
    'addRegistryUser',
    'downloadTarball',
    'fetchPackument',
    'packModule',
    'publishTarball',
    'registryServerStatus',
    'resolveVersion',
    'startRegistryServer',
    'stopRegistryServer',
  ]);
});
