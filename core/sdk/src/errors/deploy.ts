import type { Address, Hash } from 'viem';

import { CitySyncError } from './base.js';
import { ContractRevertError } from './contract.js';

/** The steps of {@link deployCity}, in order, as reported to `onStep` and by {@link DeployCityError}. */
export type DeployCityStep =
  | 'deploy CityFactory'
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
  | 'deploy OpenTaskPolicy'
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

/**
 * A deployment was mined and succeeded but left no contract: no address in its receipt, or no runtime code at the
 * address (creation code that returns nothing, e.g. an interface's or an abstract contract's).
 */
export class ContractNotDeployedError extends CitySyncError {
  override name = 'ContractNotDeployedError';
  readonly contractName: string;
  /** Where the contract should be; undefined when the receipt named no address. */
  readonly address: Address | undefined;
  readonly hash: Hash;

  constructor(contractName: string, parameters: { hash: Hash; address?: Address | undefined }) {
    const { hash, address } = parameters;
    super(
      address === undefined
        ? `Deploying ${contractName} created no contract (transaction ${hash}).`
        : `Deploying ${contractName} left no code at ${address} (transaction ${hash}).`,
      {
        details: `Check that ${contractName}'s bytecode is its creation code from \`forge build\` (not its runtime code, nor an interface's).`,
      },
    );
    this.contractName = contractName;
    this.address = address;
    this.hash = hash;
  }
}
