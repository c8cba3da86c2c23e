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

// Contract ABIs and creation bytecode: <Name>Abi / <Name>Bytecode (regenerate with `npm run gen:abis`).
export * from './generated/abis.js';
