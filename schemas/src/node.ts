// @citysync/schemas/node: reading and validating files and directories, and writing generated packages, for Node.
// What works on documents in memory is in the main entry. Changing this list on purpose means updating
// schemas/test/exports.test.ts.
export { readSchemaFile, schemaFilePath } from './node/schemaFiles.js';
export { loadAndValidate, readDocument, type ReadDocumentReturnType } from './node/readDocument.js';
export {
  validatePath,
  validatePathReport,
  type ValidatedFile,
  type ValidatePathReportReturnType,
} from './node/validatePath.js';
export { assertEmptyOutput, moveIntoOutput, type OutputDirectoryError } from './node/outputDirectory.js';
