import { describe, expect, it } from 'vitest';

import * as browser from '../src/browser.js';
import * as kit from '../src/index.js';
import * as conformance from '../src/describeModulePackage.js';

describe('@citysync/module-kit public API', () => {
  it('exports exactly these names (update on purpose)', () => {
    expect(Object.keys(kit).sort()).toMatchInlineSnapshot(`
      [
        "ModuleBuildNotFoundError",
        "ModuleNotFoundError",
        "ModulePackageError",
        "ModuleParameterError",
        "hashedFolders",
        "moduleContentHash",
        "readArtifact",
        "readModuleDirectory",
        "resolveModuleParameters",
        "writeModuleArtifacts",
      ]
    `);
    expect(Object.keys(browser).sort()).toMatchInlineSnapshot(`
      [
        "ModuleNotFoundError",
        "ModulePackageError",
        "ModuleParameterError",
        "resolveModuleParameters",
      ]
    `);
    expect(Object.keys(conformance).sort()).toMatchInlineSnapshot(`
      [
        "describeModulePackage",
      ]
    `);
  });
});
