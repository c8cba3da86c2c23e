import { describe, expect, it } from 'vitest';

import * as schemas from '../src/index.js';
import * as node from '../src/node.js';

describe('@citysync/schemas public API', () => {
  it('the main entry exports exactly these names (update on purpose)', () => {
    expect(Object.keys(schemas).sort()).toMatchInlineSnapshot(`
      [
        "CanonicalJsonError",
        "CitySyncError",
        "MAX_DOCUMENT_DEPTH",
        "SchemaValidationError",
        "UnknownSchemaKindError",
        "assertDocument",
        "canonicalJson",
        "checkJsonDepth",
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
        "parameterValue",
        "parseJsonc",
        "schemaBaseUrl",
        "schemaFileName",
        "schemaFileNames",
        "schemaIdOf",
        "schemaKinds",
        "validateDocument",
      ]
    `);
  });

  it('@citysync/schemas/node exports exactly these names (update on purpose)', () => {
    expect(Object.keys(node).sort()).toMatchInlineSnapshot(`
      [
        "assertEmptyOutput",
        "loadAndValidate",
        "moveIntoOutput",
        "readDocument",
        "readSchemaFile",
        "schemaFilePath",
        "validatePath",
        "validatePathReport",
      ]
    `);
  });

  it('no name is exported by both entries', () => {
    expect(Object.keys(node).filter((name) => name in schemas)).toEqual([]);
  });
});
