import { CitySyncError } from './base.js';
import { ContractRevertError } from './contract.js';

/** The steps of {@link deployCity}, in order, as reported to `onStep` and by {@link DeployCityError}. */
export type DeployCityStep =
  | 'deploy CityFactory'
  | 'deploy AccessManager'
  | 'predict forwarder'
  | 'deploy Accreditation implementation'
  | 'deploy CivicCredit implementation'
  | 'deploy VoteToken implementation'
  | 'deploy IssuanceController implementation'
  | 'deploy TaskBoard implementation'
  | 'deploy Committee implementation'
  | 'deploy CityGovernor implementation'
  | 'deploy ModuleKernel implementation'
  | 'deploy CityVault implementation'
  | 'deploy YieldSplitter implementation'
  | 'deployCity'
  | 'read vault';

/** A step of {@link deployCity} failed; `cause` says why (a {@link ContractRevertError} when a contract reverted). */
export class DeployCityError extends CitySyncError {
  override name = 'DeployCityError';
  readonly step: DeployCityStep;

  constructor(step: DeployCityStep, cause: unknown) {
    const reason =
      cause instanceof CitySyncError
        ? cause.shortMessage
        : cause instanceof Error
          ? cause.message.split('\n')[0]
          : String(cause);
    super(`Deploying the city failed at step "${step}": ${reason}`, { cause });
    this.step = step;
  }

  /** The decoded revert, when the step failed because a contract reverted. */
  get revert(): ContractRevertError | undefined {
    return this.cause instanceof ContractRevertError ? this.cause : undefined;
  }
}
