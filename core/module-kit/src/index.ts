// Public API of @citysync/module-kit: what a module package builds on in TypeScript. Changing this list on purpose
// means updating test/exports.test.ts. The Solidity side is in contracts/ (`@citysync/module-kit/contracts/...`), the
// package-conformance test in `@citysync/module-kit/test`, the part without `node:` imports in
// `@citysync/module-kit/browser`, and the bins `dpan-forge` and `dpan-module-artifacts` in bin/.
export { ModuleBuildNotFoundError, ModuleNotFoundError, ModulePackageError, ModuleParameterError } from './errors.js';
export { hashedFolders, moduleContentHash, type ModuleContentHashReturnType } from './contentHash.js';
export {
  readArtifact,
  readModuleDirectory,
  type ModuleArtifact,
  type ReadModuleDirectoryErrorType,
  type ReadModuleDirectoryReturnType,
} from './readModuleDirectory.js';
export {
  resolveModuleParameters,
  type ResolveModuleParametersErrorType,
  type ResolveModuleParametersOptions,
  type ResolveModuleParametersReturnType,
} from './resolveModuleParameters.js';
export {
  writeModuleArtifacts,
  type ModuleArtifactStatus,
  type WriteModuleArtifactsErrorType,
  type WriteModuleArtifactsParameters,
  type WriteModuleArtifactsReturnType,
} from './moduleArtifacts.js';
