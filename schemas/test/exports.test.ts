import { describe, expect, it } from 'vitest';

import * as schemas from '../src/index.js';

describe('@citysync/schemas public API', () => {
  it('exports exactly these names (update on purpose)', () => {
    expect(Object.keys(schemas).sort()).toMatchInlineSnapshot(`
      [
        "CanonicalJsonError",
        "CitySyncError",
        "SchemaValidationError",
        "UnknownSchemaKindError",
        "assertDocument",
        "assertEmptyOutput",
        "canonicalJson",
        "checkVaultSplit",
        "cityParameterKeys",
        "commonSchemaId",
        "defaultFileNames",
        "evidenceHash",
        "formatIssue",
        "formatIssues",
        "healthIndicators",
        "isSchemaKind",
        "isValidDocument",
        "kindOfSchemaId",
        "loadAndValidate",
        "moveIntoOutput",
        "parameterValue",
        "parseJsonc",
        "readDocument",
        "readSchemaFile",
        "schemaBaseUrl",
        "schemaFileName",
        "schemaFileNames",
        "schemaFilePath",
        "schemaIdOf",
        "schemaKinds",
        "validateDocument",
        "validatePath",
        "validatePathReport",
      ]
    `);
  });
});
