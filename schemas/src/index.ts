// Public API of @citysync/schemas. Changing this list on purpose means updating schemas/test/exports.test.ts.
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
export { readSchemaFile, schemaFileName, schemaFileNames, schemaFilePath, type SchemaDocument } from './schemaFiles.js';

// Validation
export { formatIssue, formatIssues, type ValidationIssue } from './issues.js';
export { checkVaultSplit, type VaultSplitLine } from './semantic/vaultSplit.js';
export {
  assertDocument,
  isValidDocument,
  loadAndValidate,
  readDocument,
  validateDocument,
  type ReadDocumentReturnType,
  type ValidateDocumentOptions,
} from './validate.js';
export {
  validatePath,
  validatePathReport,
  type ValidatedFile,
  type ValidatePathReportReturnType,
} from './validatePath.js';
export { parseJsonc, type ParseJsoncReturnType } from './jsonc.js';
export {
  cityParameterKeys,
  healthIndicators,
  parameterValue,
  type HealthIndicator,
} from './semantic/governanceParameters.js';

// Content hashing
export { canonicalJson, evidenceHash } from './canonical.js';
export { assertEmptyOutput, moveIntoOutput, type OutputDirectoryError } from './outputDirectory.js';

// Types generated from the schemas (npm run gen:types)
export type * from './generated/types.js';
