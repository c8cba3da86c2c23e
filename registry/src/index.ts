// @citysync/registry: module distribution over the npm protocol (embedded verdaccio, or any npm registry).

// Errors
export {
  NoMatchingVersionError,
  PackageNotFoundError,
  RegistryAuthError,
  RegistryRequestError,
  RegistryRunningError,
  RegistryStartError,
  RegistryStopError,
  RegistryUnauthorizedError,
  TarballIntegrityError,
  VersionExistsError,
  type RegistryServerRecord,
} from './errors.js';

// Embedded server
export {
  registryServerStatus,
  startRegistryServer,
  stopRegistryServer,
  type RegistryServerStatus,
  type StartRegistryServerErrorType,
  type StartRegistryServerParameters,
  type StartRegistryServerReturnType,
} from './server/startRegistryServer.js';

// Users
export {
  addRegistryUser,
  type AddRegistryUserErrorType,
  type AddRegistryUserParameters,
  type AddRegistryUserReturnType,
} from './auth/addRegistryUser.js';

// Packing, publishing, resolving, downloading
export { packModule, type ModuleManifest, type PackModuleErrorType, type PackModuleReturnType } from './publish/packModule.js';
export {
  publishTarball,
  type PublishTarballErrorType,
  type PublishTarballParameters,
  type PublishTarballReturnType,
} from './publish/publishTarball.js';
export {
  fetchPackument,
  type FetchPackumentErrorType,
  type FetchPackumentParameters,
  type Packument,
  type PackumentVersion,
} from './publish/fetchPackument.js';
export {
  resolveVersion,
  type ResolveVersionErrorType,
  type ResolveVersionParameters,
  type ResolveVersionReturnType,
} from './publish/resolveVersion.js';
export {
  downloadTarball,
  type DownloadTarballErrorType,
  type DownloadTarballParameters,
  type DownloadTarballReturnType,
} from './publish/downloadTarball.js';
