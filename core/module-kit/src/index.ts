export { hashedFolders, moduleContentHash, type ModuleContentHashReturnType } from './contentHash.js';
export {
  readArtifact,
  readModuleDirectory,
  type ModuleArtifact,
  type ReadModuleDirectoryErrorType,
  type ReadModuleDirectoryReturnType,
} from './readModuleDirectory.js';
