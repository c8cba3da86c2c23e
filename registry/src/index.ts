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
// Who a token belongs to (GET /-/whoami)
export { readRegistryUser, type ReadRegistryUserErrorType, type ReadRegistryUserParameters } from './auth/readRegistryUser.js';

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

export { extractTarball, type ExtractTarballParameters } from './publish/extractTarball.js';
export { searchRegistry } from './publish/searchRegistry.js';

// Publish, audit and yank module versions on the registry network
export {
  AttestationExistsError,
  EmptyAuditReportError,
  InvalidYankReasonError,
  ModulePublishIncompleteError,
  ModuleTarballContentError,
  ModuleVersionConflictError,
  ModuleVersionNotRecordedError,
  ModuleVersionYankedError,
  NoLiveAttestationError,
  NotAccreditedAuditorError,
  NotModuleMaintainerError,
  UnknownForkSourceError,
} from './distribution/errors.js';
export {
  publishModule,
  type PublishModuleErrorType,
  type PublishModuleParameters,
  type PublishModuleReturnType,
} from './distribution/publishModule.js';
export {
  auditModule,
  readRecordedModuleVersion,
  revokeAudit,
  type AuditModuleErrorType,
  type AuditModuleParameters,
  type AuditModuleReturnType,
  type RevokeAuditErrorType,
  type RevokeAuditParameters,
  type RevokeAuditReturnType,
} from './distribution/auditModule.js';
export {
  MAX_YANK_REASON_BYTES,
  requireMaintainer,
  yankModule,
  type YankModuleErrorType,
  type YankModuleParameters,
  type YankModuleReturnType,
} from './distribution/yankModule.js';
// Registry network, install/update/uninstall, advisories
export {
  openRegistryNetwork,
  readRegistryNetworkRecord,
  registryNetworkStatus,
  startRegistryNetwork,
  stopRegistryNetwork,
  RegistryNetworkError,
  type OpenRegistryNetworkParameters,
  type RegistryNetwork,
  type RegistryNetworkClients,
  type RegistryNetworkRecord,
  type RegistryNetworkStatus,
  type StartRegistryNetworkParameters,
  type StartRegistryNetworkReturnType,
} from './distribution/registryNetwork.js';
export {
  REGISTRY_COUNCIL_ROLE,
  deployModuleRegistry,
  type DeployModuleRegistryErrorType,
  type DeployModuleRegistryParameters,
  type DeployModuleRegistryReturnType,
} from './distribution/deployModuleRegistry.js';
export {
  accreditAuditor,
  attestModuleVersion,
  recordModuleVersion,
  revokeModuleAttestation,
  yankModuleVersion,
  type AttestModuleVersionParameters,
  type RecordModuleVersionParameters,
} from './distribution/writeModuleRegistry.js';
export {
  readIsAuditor,
  readModuleForks,
  readModuleVersion,
  readModuleVersions,
  readPassingAttestations,
  type AttestationVerdict,
  type ModuleAttestation,
  type ModuleVersionRecord,
} from './distribution/readModuleVersion.js';
export { InvalidIntegrityError, digestToIntegrity, integrityToDigest } from './distribution/integrity.js';
export {
  LockfileError,
  ModuleAuditFailedError,
  ModuleNotAuditedError,
  ModuleYankedError,
  NoInstallableVersionError,
} from './distribution/installErrors.js';
export { LOCKFILE_NAME, lockfilePath, readLockfile, writeLockfile, type LockedModule, type Lockfile } from './distribution/lockfile.js';
export {
  fetchVerifiedModule,
  type FetchVerifiedModuleParameters,
  type FetchVerifiedModuleReturnType,
  type InstallPolicy,
} from './distribution/fetchVerifiedModule.js';
export { formatInstallPreview, installPreview, type InstallPreview, type InstallPreviewParameters } from './distribution/installPreview.js';
export {
  installFromRegistry,
  installedPackageDir,
  type InstallFromRegistryParameters,
  type InstallFromRegistryReturnType,
  type RegistryInstallStep,
} from './distribution/installFromRegistry.js';
export { updateFromRegistry, type UpdateFromRegistryParameters } from './distribution/updateFromRegistry.js';
export { uninstallFromCity } from './distribution/uninstallFromCity.js';
export {
  lockInstalledModule,
  unlockModule,
  type LockInstalledModuleParameters,
  type LockInstalledModuleReturnType,
} from './distribution/lockInstalledModule.js';
export {
  auditInstalled,
  type AdvisoryKind,
  type AuditInstalledParameters,
  type InstalledAdvisory,
  type InstalledModuleStatus,
} from './distribution/auditInstalled.js';
// The module catalog across cities
export {
  ForkOutputError,
  ForkParametersError,
  ForkTargetError,
  PublishedPackageMismatchError,
  UnknownModuleError,
} from './distribution/forkErrors.js';
export {
  applyForkParameters,
  type ApplyForkParametersErrorType,
  type ApplyForkParametersParameters,
  type ApplyForkParametersReturnType,
  type ForkChange,
  type ForkSource,
} from './distribution/applyForkParameters.js';
export {
  forkModule,
  type ForkModuleErrorType,
  type ForkModuleParameters,
  type ForkModuleReturnType,
} from './distribution/forkModule.js';
export {
  moduleInfo,
  unpackRecordedVersion,
  type CatalogNetwork,
  type ModuleAudit,
  type ModuleInfoErrorType,
  type ModuleInfoParameters,
  type ModuleInfoReturnType,
  type ModuleOfferingInfo,
  type ModuleParameterInfo,
  type ModuleTaskTypeInfo,
  type ModuleVersionDetails,
  type ModuleVersionInfo,
} from './distribution/moduleInfo.js';
export {
  readRecordedModuleNames,
  searchModules,
  type ModuleSearchHit,
  type SearchField,
  type SearchModulesParameters,
  type SearchModulesReturnType,
} from './distribution/searchModules.js';
export {
  moduleLineage,
  renderLineage,
  type LineageNode,
  type ModuleLineageErrorType,
  type ModuleLineageParameters,
  type ModuleLineageReturnType,
} from './distribution/moduleLineage.js';
