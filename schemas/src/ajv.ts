import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';

import { UnknownSchemaKindError } from './errors/validation.js';
import { type SchemaKind, isSchemaKind, schemaIdOf } from './kinds.js';
import { schemaDocuments } from './schemaFiles.js';

export type { ErrorObject };

export type CreateAjvOptions = {
  /**
   * Validate each schema against the 2020-12 meta-schema while adding it. Off at run time (the package's tests
   * do it once) because it is most of the cost of a first validation.
   */
  validateSchemas?: boolean;
};

// ajv-formats is CommonJS whose typings declare an ES default export: under NodeNext the default import is typed as
// the module object, and at run time that object (the plugin function) also carries itself as `.default`.
const addFormats = ajvFormats.default;

/**
 * A fresh ajv instance (2020-12 dialect, strict, all errors) holding every schema, none compiled yet.
 * `verbose` keeps each error's schema and data: the formatter reads descriptions and bounds from them.
 */
export function createAjv(options: CreateAjvOptions = {}): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
    validateSchema: options.validateSchemas ?? false,
  });
  addFormats(ajv, ['date-time']);
  for (const schema of schemaDocuments.values()) ajv.addSchema(schema);
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
