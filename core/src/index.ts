// Public API of @citysync/core. Changing this list on purpose means updating core/test/ts/exports.test.ts.
export { CitySyncError, type CitySyncErrorOptions } from './errors/base.js';
export { AnvilStartError } from './errors/chain.js';
export {
  ContractRevertError,
  EventNotFoundError,
  TransactionRevertedError,
  type CityErrorArgs,
  type CityWriteErrorType,
  type ContractRevertErrorParameters,
} from './errors/contract.js';
export { cityErrorAbi, type CityErrorAbiItem, type CityErrorName } from './errors/cityErrorAbi.js';
export {
  decodeContractRevert,
  decodeRevertData,
  isContractRevert,
  type DecodeContractRevertContext,
} from './errors/decodeContractRevert.js';
export { decodeModuleRevert } from './errors/decodeModuleRevert.js';
export { DeployCityError, type DeployCityStep } from './errors/deploy.js';
export {
  getFreePort,
  resolveAnvilCommand,
  startAnvil,
  type AnvilInstance,
  type StartAnvilOptions,
} from './chain/anvil.js';

// City model
export {
  committeeNames,
  type CityContracts,
  type CityImplementations,
  type CommitteeName,
  type SharedCityImplementations,
} from './types/city.js';
export type { CityReadClient, CityWalletClient } from './types/client.js';
export { ManagerRoles, OrgRoles, type OrgRole } from './constants/roles.js';
export { toId } from './utils/toId.js';

// Deployment
export {
  deployCity,
  type CommitteeParameters,
  type DeployCityErrorType,
  type DeployCityParameters,
  type DeployCityReturnType,
} from './deploy/deployCity.js';

// Committees
export {
  proposeToCommittee,
  type ProposeToCommitteeErrorType,
  type ProposeToCommitteeParameters,
  type ProposeToCommitteeReturnType,
} from './governance/proposeToCommittee.js';
export {
  approveProposal,
  type ApproveProposalErrorType,
  type ApproveProposalParameters,
  type ApproveProposalReturnType,
} from './governance/approveProposal.js';
export {
  executeProposal,
  type ExecuteProposalErrorType,
  type ExecuteProposalParameters,
  type ExecuteProposalReturnType,
} from './governance/executeProposal.js';

// Civic economy actions
export {
  accredit,
  type AccreditErrorType,
  type AccreditParameters,
  type AccreditReturnType,
} from './actions/accredit.js';
export {
  publishTask,
  type PublishTaskErrorType,
  type PublishTaskParameters,
  type PublishTaskReturnType,
} from './actions/publishTask.js';
export {
  claimTask,
  type ClaimTaskErrorType,
  type ClaimTaskParameters,
  type ClaimTaskReturnType,
} from './actions/claimTask.js';
export {
  submitCompletion,
  type SubmitCompletionErrorType,
  type SubmitCompletionParameters,
  type SubmitCompletionReturnType,
} from './actions/submitCompletion.js';
export {
  verifyCompletion,
  type VerifyCompletionErrorType,
  type VerifyCompletionParameters,
  type VerifyCompletionReturnType,
} from './actions/verifyCompletion.js';
export {
  verifyBatch,
  type VerifyBatchErrorType,
  type VerifyBatchParameters,
  type VerifyBatchReturnType,
} from './actions/verifyBatch.js';
export {
  createOffer,
  type CreateOfferErrorType,
  type CreateOfferParameters,
  type CreateOfferReturnType,
} from './actions/createOffer.js';
export { redeem, type RedeemErrorType, type RedeemParameters, type RedeemReturnType } from './actions/redeem.js';
export { getBalances, type GetBalancesParameters, type GetBalancesReturnType } from './actions/getBalances.js';

// Gasless (ERC-2771)
export type { SignedForwardRequest } from './metatx/types.js';
export {
  forwardRequestTypes,
  signForwardRequest,
  type SignForwardRequestErrorType,
  type SignForwardRequestParameters,
  type SignForwardRequestReturnType,
} from './metatx/signForwardRequest.js';
export {
  relayForwardRequest,
  type RelayForwardRequestErrorType,
  type RelayForwardRequestParameters,
  type RelayForwardRequestReturnType,
} from './metatx/relayForwardRequest.js';

// Tasks, completions and offers: more roles, and the readers a CLI needs
export {
  revokeAccreditation,
  type RevokeAccreditationErrorType,
  type RevokeAccreditationParameters,
  type RevokeAccreditationReturnType,
} from './actions/revokeAccreditation.js';
export {
  closeTask,
  type CloseTaskErrorType,
  type CloseTaskParameters,
  type CloseTaskReturnType,
} from './actions/closeTask.js';
export {
  rejectCompletion,
  type RejectCompletionErrorType,
  type RejectCompletionParameters,
  type RejectCompletionReturnType,
} from './actions/rejectCompletion.js';
export {
  approveCompletion,
  type ApproveCompletionErrorType,
  type ApproveCompletionParameters,
  type ApproveCompletionReturnType,
} from './actions/approveCompletion.js';
export {
  updateOffer,
  type UpdateOfferErrorType,
  type UpdateOfferParameters,
  type UpdateOfferReturnType,
} from './actions/updateOffer.js';
export {
  closeOffer,
  type CloseOfferErrorType,
  type CloseOfferParameters,
  type CloseOfferReturnType,
} from './actions/closeOffer.js';
export { getTask, type GetTaskErrorType, type GetTaskParameters, type GetTaskReturnType } from './actions/getTask.js';
export {
  getCompletion,
  type CompletionStatus,
  type GetCompletionErrorType,
  type GetCompletionParameters,
  type GetCompletionReturnType,
} from './actions/getCompletion.js';
export { getOffer, type GetOfferErrorType, type GetOfferParameters, type GetOfferReturnType } from './actions/getOffer.js';
export {
  cancelProposal,
  type CancelProposalErrorType,
  type CancelProposalParameters,
  type CancelProposalReturnType,
} from './governance/cancelProposal.js';
export {
  getProposal,
  type CommitteeProposalState,
  type GetProposalErrorType,
  type GetProposalParameters,
  type GetProposalReturnType,
} from './governance/getProposal.js';

// Evidence: validated, canonically hashed, checkable by anyone
export {
  completeTask,
  type CompleteTaskErrorType,
  type CompleteTaskParameters,
  type CompleteTaskReturnType,
} from './actions/completeTask.js';
export {
  SchemaValidationError,
  canonicalJson,
  hashEvidence,
  type EvidenceDocument,
  type HashEvidenceOptions,
} from './evidence/hashEvidence.js';
export {
  verifyEvidence,
  type VerifyEvidenceErrorType,
  type VerifyEvidenceParameters,
  type VerifyEvidenceReturnType,
} from './evidence/verifyEvidence.js';
export { EvidenceMismatchError } from './evidence/errors.js';

// Resident governance ($VOTE and the CityGovernor)
export {
  delegateVotes,
  type DelegateVotesErrorType,
  type DelegateVotesParameters,
  type DelegateVotesReturnType,
} from './residents/delegateVotes.js';
export {
  proposeToResidents,
  type ProposeToResidentsErrorType,
  type ProposeToResidentsParameters,
  type ProposeToResidentsReturnType,
  type ResidentProposalCalls,
} from './residents/proposeToResidents.js';
export {
  castVote,
  voteSupport,
  type CastVoteErrorType,
  type CastVoteParameters,
  type CastVoteReturnType,
  type VoteSupport,
} from './residents/castVote.js';
export {
  executeResidentProposal,
  type ExecuteResidentProposalErrorType,
  type ExecuteResidentProposalParameters,
  type ExecuteResidentProposalReturnType,
} from './residents/executeResidentProposal.js';
export {
  getResidentProposal,
  residentProposalStates,
  type GetResidentProposalErrorType,
  type GetResidentProposalParameters,
  type GetResidentProposalReturnType,
  type ResidentProposalState,
} from './residents/getResidentProposal.js';

// Relaying signed requests in batches
export {
  RelayerRequestRejectedError,
  createRelayer,
  type CreateRelayerParameters,
  type RelayedRequestResult,
  type Relayer,
  type RelayerErrorType,
  type RelayerFlushReturnType,
  type RelayerRejectionReason,
  type RelayerSubmitReturnType,
} from './metatx/relayer.js';

// The embedded chain (anvil with its state in the city's directory)
export {
  EmbeddedChainRunningError,
  EmbeddedChainStopError,
  embeddedChainDir,
  embeddedChainStatus,
  startEmbeddedChain,
  stopEmbeddedChain,
  type EmbeddedChain,
  type EmbeddedChainRecord,
  type EmbeddedChainStatus,
  type StartEmbeddedChainOptions,
} from './chain/embeddedChain.js';

// --- issue 8 (chain genesis) ---
// A city's production chain: a Besu QBFT genesis, predeploys, node configs (dpan chain genesis)
export {
  writeBesuNetwork,
  devChainId,
  type PredeploysFile,
  type WriteBesuNetworkParameters,
  type WriteBesuNetworkReturnType,
} from './chain/genesis/writeBesuNetwork.js';
export { buildQbftGenesis, qbftDefaults, qbftMixHash, type BuildQbftGenesisParameters } from './chain/genesis/buildQbftGenesis.js';
export { decodeQbftExtraData, encodeQbftExtraData } from './chain/genesis/extraData.js';
export {
  buildPredeployAlloc,
  predeployAddresses,
  predeployContracts,
  predeployDeployer,
  type PredeployName,
} from './chain/genesis/predeploys.js';
export { readPredeploys, type PredeployedCityContracts } from './chain/genesis/readPredeploys.js';
export { readValidatorsFile } from './chain/genesis/readValidators.js';
export { anvilGenesisArgs } from './chain/genesis/anvilGenesisArgs.js';
export { besuNodeConfig, besuNodePorts, type BesuNodeConfigParameters } from './chain/genesis/besuNodeConfig.js';
export { networkReadme, type NetworkReadmeParameters } from './chain/genesis/networkReadme.js';
export { ChainGenesisInputError, PredeployError, PredeploysFileError, QbftExtraDataError } from './chain/genesis/errors.js';
// --- end issue 8 (chain genesis) ---

// A city from its directory: config -> chain, deployment record, reopening
export { loadCity, type LoadCityErrorType, type LoadCityReturnType } from './city/loadCity.js';
export { cityDeployParameters } from './city/cityDeployParameters.js';
export { deploymentPath, readDeployment, writeDeployment, type CityDeployment } from './city/deployment.js';
export { checkCityDeployment } from './city/checkCityDeployment.js';
export {
  deployCityFromConfig,
  type DeployCityFromConfigErrorType,
  type DeployCityFromConfigParameters,
  type DeployCityFromConfigReturnType,
} from './city/deployCityFromConfig.js';
export { openCity, type OpenCityErrorType, type OpenCityParameters, type OpenCityReturnType } from './city/openCity.js';
export {
  CityAlreadyDeployedError,
  CityChainMismatchError,
  CityChainNotFoundError,
  CityConfigNotFoundError,
  CityContractsMissingError,
  CityNotDeployedError,
} from './city/errors.js';

// Indexer (SQLite) and the four health indicators
export {
  indexCity,
  type IndexCityErrorType,
  type IndexCityParameters,
  type IndexCityReturnType,
  type IndexProgress,
} from './indexer/indexCity.js';
export {
  IndexerDatabaseMismatchError,
  IndexerError,
  IndexerInputError,
  IndexerReorgError,
  IndexerRpcError,
} from './indexer/errors.js';
export {
  computeHealth,
  type ComputeHealthParameters,
  type ComputeHealthReturnType,
  type HealthMetric,
  type HealthRow,
} from './health/computeHealth.js';
export {
  HealthParameterError,
  readHealthParameters,
  type Band,
  type HealthBand,
  type HealthGovernance,
  type HealthParameters,
} from './health/parameters.js';
export { readPeriodClock, type PeriodClock, type ReadPeriodClockParameters } from './health/periodClock.js';
export { formatHealthTable } from './health/formatHealthTable.js';
export {
  planHealthActions,
  type CoverageDirection,
  type HealthAction,
  type PlanHealthActionsReturnType,
} from './health/planHealthActions.js';
export {
  applyHealthActions,
  type ApplyHealthActionsErrorType,
  type ApplyHealthActionsParameters,
  type ApplyHealthActionsReturnType,
} from './health/applyHealthActions.js';

// dPAN modules: read a package, resolve its parameters, install it through the kernel and the committees.
export {
  ModuleIncompatibleError,
  ModuleInstallIncompleteError,
  ModuleNotFoundError,
  ModulePackageError,
  ModuleParameterError,
  ModuleSetupRevertError,
} from './modules/errors.js';
export { hashedFolders, moduleContentHash, type ModuleContentHashReturnType } from './modules/contentHash.js';
export {
  readArtifact,
  readModuleDirectory,
  type ModuleArtifact,
  type ReadModuleDirectoryErrorType,
  type ReadModuleDirectoryReturnType,
} from './modules/readModuleDirectory.js';
export {
  resolveModuleParameters,
  type ResolveModuleParametersErrorType,
  type ResolveModuleParametersOptions,
  type ResolveModuleParametersReturnType,
} from './modules/resolveModuleParameters.js';
export { encodeModuleInit, type EncodeModuleInitParameters } from './modules/encodeModuleInit.js';
export {
  prepareModuleInstall,
  type PrepareModuleInstallErrorType,
  type PrepareModuleInstallParameters,
  type PrepareModuleInstallReturnType,
} from './modules/prepareModuleInstall.js';
export {
  applyModulePreparation,
  type ApplyModulePreparationErrorType,
  type ApplyModulePreparationParameters,
  type ApplyModulePreparationReturnType,
} from './modules/applyModulePreparation.js';
export {
  checkCommitteeMembers,
  executeDecisions,
  scheduleDecision,
  type CommitteeCall,
  type ScheduledDecision,
  type WaitForDelay,
} from './modules/committeeDecision.js';
export { waitForChainTime } from './modules/waitForChainTime.js';
export {
  MODULE_BUDGET_PARAMETER,
  installModule,
  type InstallModuleErrorType,
  type InstallModuleParameters,
  type InstallModuleReturnType,
  type InstallModuleStep,
} from './modules/installModule.js';

// --- issue 5 (publish/audit/yank): publish, audit and yank module versions on the registry network ---
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
// --- end issue 5 (publish/audit/yank) ---

// --- issue 5 (registry network, install/update/uninstall, advisories) ---
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
  uninstallModule,
  type UninstallModuleParameters,
  type UninstallModuleReturnType,
} from './modules/uninstallModule.js';
export {
  auditInstalled,
  type AdvisoryKind,
  type AuditInstalledParameters,
  type InstalledAdvisory,
  type InstalledModuleStatus,
} from './distribution/auditInstalled.js';
// --- end issue 5 (registry network, install/update/uninstall, advisories) ---

// --- issue 5 (fork, search, info, lineage): the module catalog across cities ---
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
// --- end issue 5 (fork, search, info, lineage) ---

// --- issue 7 (dashboard) ---
export { startDashboardServer, type DashboardServer, type StartDashboardServerParameters } from './dashboard/server.js';
export { readHealthReport, type HealthReport } from './dashboard/healthReport.js';
export { DashboardGeoJsonError, DashboardListenError } from './dashboard/errors.js';
// --- end issue 7 (dashboard) ---

// --- issue 8 (vault) ---
export type { CityVaultContracts } from './types/city.js';
export { VaultNotDeployedError, VaultNotTestAssetError, VaultSplitInvalidError } from './vault/errors.js';
export { readVaultAsset, vaultOf, type VaultAsset, type VaultCity } from './vault/vaultOf.js';
export {
  donateToVault,
  type DonateToVaultErrorType,
  type DonateToVaultParameters,
  type DonateToVaultReturnType,
} from './vault/donateToVault.js';
export { harvestVault, type HarvestVaultErrorType, type HarvestVaultReturnType, type VaultPayout } from './vault/harvestVault.js';
export { checkVaultSplit, type CheckVaultSplitParameters, type VaultLineBounds } from './vault/checkVaultSplit.js';
export {
  proposeVaultSplit,
  type ProposeVaultSplitErrorType,
  type ProposeVaultSplitParameters,
  type ProposeVaultSplitReturnType,
} from './vault/proposeVaultSplit.js';
export { readVaultStatus, type VaultLineStatus, type VaultStatus } from './vault/readVaultStatus.js';
export {
  accrueTestYield,
  isTestAsset,
  mintTestDollars,
  type MintTestDollarsParameters,
  type TestAssetErrorType,
} from './vault/testAsset.js';
export {
  readVaultHistory,
  type ReadVaultHistoryParameters,
  type VaultDonationEvent,
  type VaultEventPosition,
  type VaultHarvestEvent,
  type VaultHistory,
  type VaultPayoutEvent,
} from './vault/readVaultHistory.js';
export {
  DONOR_STATEMENT_METHOD,
  DonorStatementYearError,
  readDonorStatement,
  type DonorStatement,
  type DonorStatementDonation,
  type DonorStatementHarvest,
  type DonorStatementLine,
  type ReadDonorStatementParameters,
} from './vault/readDonorStatement.js';
export { renderStatementText } from './vault/renderStatementText.js';
export { renderStatementHtml } from './vault/renderStatementHtml.js';
// --- end issue 8 (vault) ---

// Contract ABIs and creation bytecode: <Name>Abi / <Name>Bytecode (regenerate with `npm run gen:abis`).
export * from './generated/abis.js';
