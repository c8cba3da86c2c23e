// Public API of @citysync/sdk. Changing this list on purpose means updating core/sdk/test/exports.test.ts.
// For browsers too: nothing here imports a `node:` module, transitively (core/sdk/test/browserEntry.test.ts bundles it
// for a browser); what reads or writes files is exported from `@citysync/sdk/node` (./node.ts).
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
export { ContractNotDeployedError, DeployCityError, type DeployCityStep } from './errors/deploy.js';
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
export { escapeHtml } from './utils/escapeHtml.js';
export { toJson } from './utils/toJson.js';
export { eventsOf, firstEventOf, sendCall, type SendCallParameters } from './internal/send.js';
// A chain with zero base fee (Besu zeroBaseFee): send with zero fees
export { zeroFeeChain } from './chain/zeroFeeChain.js';
// Deployment
export {
  deployContract,
  type DeployContractErrorType,
  type DeployContractParameters,
  type DeployContractReturnType,
} from './deploy/deployContract.js';
export {
  deployCity,
  type CommitteeParameters,
  type DeployCityErrorType,
  type DeployCityParameters,
  type DeployCityReturnType,
  type VaultBudgetLine,
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
export { encodeRedeem, quoteRedemption, redeem, type RedeemErrorType, type RedeemParameters, type RedeemReturnType } from './actions/redeem.js';
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
// A city from its config (reading its directory: @citysync/sdk/node)
export { cityDeployParameters } from './city/cityDeployParameters.js';
export { checkCityDeployment } from './city/checkCityDeployment.js';
export {
  CityAlreadyDeployedError,
  CityChainMismatchError,
  CityChainNotFoundError,
  CityConfigNotFoundError,
  CityContractsMissingError,
  CityNotDeployedError,
} from './city/errors.js';
// dPAN modules: resolve a package's parameters, prepare and apply it through the kernel and the committees
// (installModule, which reads the package from its directory: @citysync/sdk/node).
export {
  ModuleIncompatibleError,
  ModuleInstallIncompleteError,
  ModuleNotFoundError,
  ModulePackageError,
  ModuleParameterError,
  ModuleSetupRevertError,
} from './modules/errors.js';
export {
  resolveModuleParameters,
  type ResolveModuleParametersErrorType,
  type ResolveModuleParametersOptions,
  type ResolveModuleParametersReturnType,
} from '@citysync/module-kit/browser';
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
  uninstallModule,
  type UninstallModuleParameters,
  type UninstallModuleReturnType,
} from './modules/uninstallModule.js';
// Operations: a governed action as every proposal it needs across committees, recorded on chain (each proposal's
// description rides in its transaction), approved in one round per committee and applied in order by anyone.
export {
  OPERATION_FORMAT,
  decodeOperationDescription,
  encodeOperationDescription,
  isOperationId,
  newOperationId,
  type OperationApplyStep,
  type OperationDescription,
  type OperationKind,
  type OperationPlan,
  type OperationProposalStep,
  type OperationStep,
} from './operations/operationRecord.js';
export { OperationCancelledError, OperationNotFoundError, OperationNotMemberError } from './operations/errors.js';
export {
  readOperation,
  readOperations,
  type OperationState,
  type OperationStatus,
  type OperationStepStatus,
  type ReadOperationParameters,
  type ReadOperationsParameters,
  type ReadOperationsReturnType,
} from './operations/readOperations.js';
export type { SignedStep } from './operations/signOperationSteps.js';
export {
  proposeInstallOperation,
  type ProposeInstallOperationParameters,
  type ProposeInstallOperationReturnType,
} from './operations/proposeInstallOperation.js';
export {
  proposeUninstallOperation,
  type ProposeUninstallOperationParameters,
  type ProposeUninstallOperationReturnType,
} from './operations/proposeUninstallOperation.js';
export {
  approveOperation,
  type ApproveOperationErrorType,
  type ApproveOperationParameters,
  type ApproveOperationReturnType,
} from './operations/approveOperation.js';
export {
  applyOperation,
  type AppliedStep,
  type ApplyOperationErrorType,
  type ApplyOperationParameters,
  type ApplyOperationReturnType,
} from './operations/applyOperation.js';
export {
  checkModuleCompatibility,
  moduleBudgetOf,
  type CheckModuleCompatibilityParameters,
  type PlannedRateBounds,
} from './modules/checkModuleCompatibility.js';
// The City Vault
export type { CityVaultContracts } from './types/city.js';
export { VaultNotDeployedError, VaultNotTestAssetError, VaultSplitInvalidError } from './vault/errors.js';
export { readVaultAsset, vaultOf, type VaultAsset, type VaultCity } from './vault/vaultOf.js';
export {
  donateToVault,
  type DonateToVaultErrorType,
  type DonateToVaultParameters,
  type DonateToVaultReturnType,
} from './vault/donateToVault.js';
export {
  harvestVault,
  type HarvestVaultErrorType,
  type HarvestVaultReturnType,
  type VaultDeferredPayout,
  type VaultPayout,
} from './vault/harvestVault.js';
export {
  claimVaultPayout,
  type ClaimVaultPayoutErrorType,
  type ClaimVaultPayoutParameters,
  type ClaimVaultPayoutReturnType,
} from './vault/claimVaultPayout.js';
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
