import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { createAjv } from '../src/ajv.js';
import { commonSchemaId, schemaFileName, schemaFileNames, schemaIdOf, schemaKinds } from '../src/index.js';
import { readSchemaFile } from '../src/node.js';
import { schemaDocuments } from '../src/schemaFiles.js';

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every schema object in a schema, with its JSON pointer. */
function* schemaNodes(node: unknown, pointer = ''): Generator<[string, Node]> {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${pointer}/${i}`);
    return;
  }
  if (!isNode(node)) return;
  yield [pointer, node];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'examples' || key === 'const' || key === 'enum') continue;
    yield* schemaNodes(value, `${pointer}/${key}`);
  }
}

describe('schema files', () => {
  const ajv = createAjv({ validateSchemas: true });

  it('the documents validation uses (imported as JSON modules) are every schema file of the package, by name', () => {
    const packageRoot = fileURLToPath(new URL('..', import.meta.url));
    const onDisk = readdirSync(packageRoot).filter((name) => name.endsWith('.schema.json'));
    expect([...schemaFileNames].sort()).toEqual(onDisk.sort());
    expect([...schemaDocuments.keys()].sort()).toEqual(onDisk.sort());
    for (const name of onDisk) expect(schemaDocuments.get(name), name).toEqual(readSchemaFile(name));
  });

  it('every schema is valid 2020-12 and compiles in strict mode', () => {
    for (const name of schemaFileNames) {
      const schema = readSchemaFile(name);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText()}`).toBe(true);
      expect(() => ajv.getSchema(schema.$id)).not.toThrow();
    }
  });

  it('each kind has its $id, a title and a description', () => {
    for (const kind of schemaKinds) {
      const schema = readSchemaFile(schemaFileName(kind));
      expect(schema.$id).toBe(schemaIdOf(kind));
      expect(schema.title).toEqual(expect.any(String));
      expect(schema.description).toEqual(expect.any(String));
      // A bare JSON array (the validators file) has no property to hold $schema.
      if (schema.type === 'array') continue;
      expect((schema.properties as Node).$schema).toMatchObject({ const: schemaIdOf(kind) });
    }
    expect(readSchemaFile('common.schema.json').$id).toBe(commonSchemaId);
  });

  it('every property has a description', () => {
    const missing: string[] = [];
    for (const name of schemaFileNames) {
      for (const [pointer, node] of schemaNodes(readSchemaFile(name))) {
        if (!isNode(node.properties)) continue;
        for (const [property, value] of Object.entries(node.properties)) {
          if (!isNode(value) || typeof value.description !== 'string') missing.push(`${name}#${pointer}/properties/${property}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('every pattern and format has a description saying what is allowed (the validator prints it)', () => {
    const missing: string[] = [];
    for (const name of schemaFileNames) {
      for (const [pointer, node] of schemaNodes(readSchemaFile(name))) {
        if ((node.pattern !== undefined || node.format !== undefined) && typeof node.description !== 'string') {
          missing.push(`${name}#${pointer}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('every object schema with fixed properties rejects unknown ones', () => {
    const open: string[] = [];
    for (const name of schemaFileNames) {
      for (const [pointer, node] of schemaNodes(readSchemaFile(name))) {
        if (isNode(node.properties) && node.additionalProperties !== false) open.push(`${name}#${pointer}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('every example validates against its own schema or definition', () => {
    const failures: string[] = [];
    let examples = 0;
    for (const name of schemaFileNames) {
      const schema = readSchemaFile(name);
      for (const [pointer, node] of schemaNodes(schema)) {
        if (!Array.isArray(node.examples)) continue;
        const validate = ajv.getSchema(`${schema.$id}#${pointer}`);
        if (validate === undefined) expect.fail(`no schema at ${schema.$id}#${pointer}`);
        for (const [i, example] of node.examples.entries()) {
          examples++;
          if (!validate(example)) failures.push(`${name}#${pointer}/examples/${i}: ${ajv.errorsText(validate.errors)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(examples).toBeGreaterThan(schemaKinds.length);
  });

  it('the nullable package reference has the same pattern as the package reference', () => {
    const defs = readSchemaFile('common.schema.json').$defs as Record<string, Node>;
    expect(defs.nullablePackageRef?.pattern).toBe(defs.packageRef?.pattern);
  });
});
