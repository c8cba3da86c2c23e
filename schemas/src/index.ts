// Public API of @citysync/schemas: everything that works on documents in memory, for Node and browsers alike (nothing
// here imports a `node:` module; core/sdk/test/browserEntry.test.ts bundles it for a browser). Reading files and
// directories is exported from `@citysync/schemas/node` (./node.ts). Changing either list on purpose means updating
// schemas/test/exports.test.ts.
export { CitySyncError, type CitySyncErrorOptions } from './errors/base.js';
export { CanonicalJsonError, SchemaValidationError, UnknownSchemaKindError } from './errors/validation.js';

// Kinds and schema files
export {
  commonSchemaId,
  defaultFileNames,
  isSchemaKind,
  kindOfSchemaId,
  schemaBaseUrl,
  schemaIdOf,
  schemaKinds,
  type SchemaKind,
} from './kinds.js';
export { schemaFileName, schemaFileNames, type SchemaDocument } from './schemaFiles.js';

// Validation
export { formatIssue, formatIssues, type ValidationIssue } from './issues.js';
export { checkVaultSplit, type VaultSplitLine } from './semantic/vaultSplit.js';
export {
  assertDocument,
  isValidDocument,
  validateDocument,
  type ValidateDocumentOptions,
} from './validate.js';
export { MAX_DOCUMENT_DEPTH, parseJsonc, type ParseJsoncReturnType } from './jsonc.js';
export { checkJsonDepth, type CheckJsonDepthOptions } from './jsonDepth.js';
export {
  cityParameterKeys,
  healthIndicators,
  parameterValue,
  type HealthIndicator,
} from './semantic/governanceParameters.js';

// Content hashing
export { canonicalJson, evidenceHash } from './canonical.js';

// Types generated from the schemas (npm run gen:types)
export type * from './generated/types.js';
