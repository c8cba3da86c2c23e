import { expect, it } from 'vitest';

import * as registry from '../src/index.js';

// The public API changes only on purpose: update this list with the change.
it('exports exactly the public API', () => {
  expect(Object.keys(registry).sort()).toEqual([
    'ERC1967ProxyAbi',
    'ERC1967ProxyBytecode',
    'ModuleRegistryAbi',
    'ModuleRegistryBytecode',
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
    'extractTarball',
    'fetchPackument',
    'packModule',
    'publishTarball',
    'readRegistryUser',
    'registryServerStatus',
    'resolveVersion',
    'searchRegistry',
    'startRegistryServer',
    'stopRegistryServer',
  ]);
});

// The generated ABIs match the registry profile's build (regenerate with npm run gen:abis).
it('ships ModuleRegistry ABIs generated from the current contract', async () => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const check = spawnSync(process.execPath, ['--import', 'tsx', 'registry/scripts/gen-abis.ts', '--check'], { cwd: root, encoding: 'utf8' });
  expect(check.status, check.stderr).toBe(0);
});
