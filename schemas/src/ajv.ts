import { createRequire } from 'node:module';

import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { FormatsPlugin } from 'ajv-formats';

import { UnknownSchemaKindError } from './errors/validation.js';
import { type SchemaKind, isSchemaKind, schemaIdOf } from './kinds.js';
import { readSchemaFile, schemaFileNames } from './schemaFiles.js';

export type { ErrorObject };

export type CreateAjvOptions = {
  /**
   * Validate each schema against the 2020-12 meta-schema while adding it. Off at run time (the package's tests
   * do it once) because it is most of the cost of a first validation.
   */
  validateSchemas?: boolean;
};

// ajv takes ~170 ms to load and @citysync/core imports this package for evidenceHash: load it on first use, not
// at import, so `dpan --help` and every command that validates nothing never pay for it.
const require = createRequire(import.meta.url);

/**
 * A fresh ajv instance (2020-12 dialect, strict, all errors) holding every schema, none compiled yet.
 * `verbose` keeps each error's schema and data: the formatter reads descriptions and bounds from them.
 */
export function createAjv(options: CreateAjvOptions = {}): Ajv2020 {
  const { Ajv2020: AjvClass } = require('ajv/dist/2020') as { Ajv2020: typeof Ajv2020 };
  const addFormats = (require('ajv-formats') as { default: FormatsPlugin }).default;
  const ajv = new AjvClass({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
    validateSchema: options.validateSchemas ?? false,
  });
  addFormats(ajv, ['date-time']);
  for (const name of schemaFileNames) ajv.addSchema(readSchemaFile(name));
  return ajv;
}

let shared: Ajv2020 | undefined;
const validators = new Map<SchemaKind, ValidateFunction>();

/** The compiled validator of one kind, compiled on first use and kept. */
export function validatorOf(kind: SchemaKind): ValidateFunction {
  let validate = validators.get(kind);
  if (validate === undefined) {
    if (!isSchemaKind(kind)) throw new UnknownSchemaKindError(kind);
    shared ??= createAjv();
    validate = shared.getSchema(schemaIdOf(kind));
    if (validate === undefined) throw new UnknownSchemaKindError(kind);
    validators.set(kind, validate);
  }
  return validate;
}
