import type { ContractRevertError } from '@citysync/sdk';

type Hint = (args: readonly unknown[]) => string;

const s = (value: unknown): string => String(value);

/** What to do next after the contract errors a CLI user can cause, by error name. */
const hints: Record<string, Hint> = {
  TaskBoardNotIssuer: (a) => `accredit ${s(a[0])} as an issuer first: dpan org accredit ${s(a[0])} --roles issuer`,
  TaskBoardNotVerifier: (a) => `accredit ${s(a[0])} as a verifier first: dpan org accredit ${s(a[0])} --roles verifier`,
  RedemptionDeskNotRedeemer: (a) =>
    `accredit ${s(a[0])} as a redeemer first: dpan org accredit ${s(a[0])} --roles redeemer`,
  TaskBoardNotTaskIssuer: (a) => `only task ${s(a[0])}'s issuer (or, if it needs verifiers, a verifier) may do this: pass its --account`,
  TaskBoardUnknownModule: () => 'the module has no budget line in this city: use a module listed in city.json "budgets"',
  TaskBoardUnknownTask: (a) => `there is no task ${s(a[0])}: check the id printed by dpan task publish`,
  TaskBoardUnknownCompletion: (a) => `there is no completion ${s(a[0])}: check the id printed by dpan task complete`,
  TaskBoardAlreadyClaimed: (a) => `the account already claimed task ${s(a[0])}: submit it with dpan task complete ${s(a[0])}`,
  TaskBoardNotClaimed: (a) => `claim task ${s(a[0])} first: dpan task claim ${s(a[0])}`,
  TaskBoardNoSlotsLeft: (a) => `task ${s(a[0])} has no slots left: claim another task`,
  TaskBoardOutsideWindow: (a) => `task ${s(a[0])} accepts claims and completions in [${s(a[2])}, ${s(a[3])}) only`,
  TaskBoardInvalidWindow: () => 'the end must come after the start: check --end / --ends-in',
  TaskBoardIssuerCannotClaim: () => "a task's issuer cannot claim it: use a participant's --account",
  TaskBoardAlreadyVerified: (a) => `completion ${s(a[0])} is already verified: nothing to do`,
  TaskBoardAlreadyRejected: (a) => `completion ${s(a[0])} was rejected: it cannot be verified`,
  TaskBoardRequiresVerifiers: (a) => `completion ${s(a[0])} needs ${s(a[1])} verifier approvals, not the issuer's`,
  IssuanceControllerRateOutOfBounds: (a) => `use a --rate between ${s(a[2])} and ${s(a[3])} (the rates committee's bounds)`,
  IssuanceControllerCapExceeded: (a) =>
    `period ${s(a[0])} may issue ${s(a[1])} credits and has issued ${s(a[2])}: redeemers must offer more capacity ` +
    '(dpan offer create; it backs the cap from the next period on), or wait for the next period',
  IssuanceControllerBudgetExceeded: (a) =>
    `the module's budget is ${s(a[2])} per period and ${s(a[3])} is spent: wait for the next period or raise the budget through the issuance committee`,
  RedemptionDeskPriceOutOfBounds: (a) => `use a --price between ${s(a[1])} and ${s(a[2])} (the rates committee's bounds)`,
  RedemptionDeskInsufficientCredits: (a) => `the account holds ${s(a[1])} credits and needs ${s(a[2])}: redeem fewer --units`,
  RedemptionDeskCapacityExceeded: (a) => `offer ${s(a[0])} has ${s(a[2])} units left this period: redeem fewer --units`,
  RedemptionDeskUnknownOffer: (a) => `there is no offer ${s(a[0])}: check the id printed by dpan offer create`,
  RedemptionDeskOfferClosed: (a) => `offer ${s(a[0])} is closed: pick another offer`,
  RedemptionDeskZeroUnits: () => 'redeem at least one unit: --units 1',
  RedemptionDeskCreditsAboveLimit: (a) =>
    `offer ${s(a[0])} now costs ${s(a[1])} credits for these units, above the limit of ${s(a[2])}: the redeemer changed its price; pass a higher --max-credits only if you agree to it`,
  RedemptionDeskTooManyOffers: (a) => `${s(a[0])} already holds ${s(a[1])} open offers: close one of them first`,
  RedemptionDeskTooManyRedeemerWindowedOffers: (a) => `${s(a[0])} already holds ${s(a[1])} time-limited offers: close one of them first`,
  RedemptionDeskInvalidCapacity: () => 'give a --capacity of at least 1',
  RedemptionDeskInvalidWindow: () => '--end must come after --start',
  CommitteeNotMember: (a) => `${s(a[0])} is not a member of this committee: pass a member's --account (see city.json "committees")`,
  CommitteeAlreadyApproved: (a) => `${s(a[1])} already approved proposal ${s(a[0])}: another member must approve`,
  CommitteeUnknownProposal: (a) => `there is no proposal ${s(a[0])} in this committee: check the committee name and id`,
  CommitteeWrongState: (a) => `proposal ${s(a[0])} is not in a state that allows this (pending -> scheduled -> executed)`,
  AccessManagerAlreadyScheduled: () => 'the same call is already scheduled by an earlier proposal: execute that one',
  AccessManagerNotReady: () => "the committee's delay has not passed yet: run dpan committee execute again after it",
  AccessManagerUnauthorizedCall: () => 'this call must go through the committee that owns it: dpan committee propose',
  AccreditationInvalidRoles: () => 'use --roles with issuer, verifier, redeemer, auditor, relayer',
  NotMaintainer: (a) => `${s(a[1])} does not maintain ${s(a[0])}: sign as one of its maintainers (--account / --private-key), or ask one to add you`,
  UnknownPackage: (a) => `nothing named ${s(a[0])} is recorded: publish it first with dpan publish <dir>, or check the name`,
  NotAuditor: (a) => `${s(a[0])} is not an accredited auditor: the registry council accredits it with dpan registry auditor ${s(a[0])} --name "<who>"`,
  AlreadyAttested: (a) => `${s(a[2])} already attested ${s(a[0])}@${s(a[1])}: revoke first (dpan audit ${s(a[0])}@${s(a[1])} --revoke), then attest again`,
  NoLiveAttestation: (a) => `${s(a[2])} has no live attestation of ${s(a[0])}@${s(a[1])}: only the auditor that attested can revoke, once`,
  AlreadyYanked: (a) => `${s(a[0])}@${s(a[1])} is already yanked (for good): publish a fixed version instead`,
  InvalidReason: () => 'give a --reason of 1 to 1024 bytes saying why cities should not install the version',
  VersionExists: (a) => `${s(a[0])}@${s(a[1])} is recorded with other bytes: bump the version in package.json and dpan.json and publish again`,
  AlreadyPublished: (a) => `${s(a[0])}@${s(a[1])} is already recorded with these bytes: nothing to do`,
  UnknownVersion: (a) => `${s(a[0])}@${s(a[1])} is not recorded: check the version (dpan info ${s(a[0])}), or publish it first`,
  UnknownForkSource: (a) => `dpan.json#/forkedFrom: ${s(a[0])} is not recorded on the ModuleRegistry; name a recorded name@version, or null`,
  InvalidForkSource: (a) => `dpan.json#/forkedFrom: "${s(a[0])}" is not name@version`,
  InvalidVersion: (a) => `"${s(a[0])}" is not a version the registry accepts (1 to 256 bytes, no @): fix package.json and dpan.json #/version`,
  InvalidName: (a) => `"${s(a[0])}" is not a package name the registry accepts (1 to 214 bytes): fix package.json and dpan.json #/name`,
};

/** The next step to suggest for a decoded revert, if there is one. */
export function nextStepFor(revert: ContractRevertError): string | undefined {
  if (revert.errorName === undefined) return undefined;
  return hints[revert.errorName]?.(revert.args);
}
