import { type Abi, type Address, type Hash, type Hex, encodeFunctionData, getAddress, zeroAddress } from 'viem';
import { readContract } from 'viem/actions';

import { CitySyncError } from '../errors/base.js';
import { DeployCityError, type DeployCityStep } from '../errors/deploy.js';
import {
  AccreditationAbi,
  AccreditationBytecode,
  CityFactoryAbi,
  CityFactoryBytecode,
  CityGovernorAbi,
  CityGovernorBytecode,
  CityVaultAbi,
  CityVaultBytecode,
  CivicCreditAbi,
  CivicCreditBytecode,
  CommitteeAbi,
  CommitteeBytecode,
  IssuanceControllerAbi,
  IssuanceControllerBytecode,
  ModuleKernelAbi,
  ModuleKernelBytecode,
  TaskBoardAbi,
  TaskBoardBytecode,
  VoteTokenAbi,
  VoteTokenBytecode,
  OpenTaskPolicyAbi,
  OpenTaskPolicyBytecode,
  YieldSplitterAbi,
  YieldSplitterBytecode,
} from '@citysync/contracts';
import { firstEventOf, sendCall } from '../internal/send.js';
import {
  type CityContracts,
  type CityImplementations,
  type CommitteeName,
  type SharedCityImplementations,
  committeeNames,
} from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';
import { type DeployContractErrorType, deployContract } from './deployContract.js';

export type CommitteeParameters = {
  members: readonly Address[];
  /** Approvals needed; at least 2 (no single key decides) and at most `members.length`. */
  threshold: number;
  /** Execution delay of every call the committee makes, in seconds. */
  delaySeconds: number;
};

/** A line of the City Vault's split: who is paid, for what, its share of each harvest and its cap per period. */
export type VaultBudgetLine = {
  recipient: Address;
  /** Recorded on chain and shown in donor statements, e.g. "emergency backstop". */
  purpose: string;
  /** Share of each harvest, in bps; the shares of a split sum to 10,000. */
  bps: number;
  /** Most the line is paid per payout period, in the asset's smallest unit. */
  capPerPeriod: bigint;
};

/** The City Vault: principal locked in `yieldSource` for ever, its yield split to budget lines. */
export type VaultParameters = {
  /** What donors give (an ERC-20). */
  asset: Address;
  /** An ERC-4626 over `asset`. */
  yieldSource: Address;
  payoutPeriodSeconds: number;
  /** Bounds of each line's share, in bps (the upgrades committee may move them). */
  lineBounds: { minBps: number; maxBps: number };
  /** The initial split (later changes: the vault committee). */
  budgetLines: readonly VaultBudgetLine[];
};

export type DeployCityParameters = {
  /** e.g. "Berkeley": the credit is "Berkeley Civic Credit", the vote "Berkeley Civic Vote". */
  name: string;
  /** The city's ticker, e.g. "BRKY" ($VOTE is "vBRKY", the forwarder's EIP-712 name "BRKY Forwarder"). */
  symbol: string;
  /** Seconds per issuance period. */
  periodLength: number | bigint;
  /** Coverage ratio (period cap = redemption capacity x ratio) and the bounds governance may move it in, in bps. */
  coverage: { ratioBps: number; minBps: number; maxBps: number };
  /** Default bounds of task rates (credits per verified completion). */
  rateBounds: { min: bigint; max: bigint };
  /** Bounds of redemption offer prices (credits per unit). */
  priceBounds: { min: bigint; max: bigint };
  committees: Record<CommitteeName, CommitteeParameters>;
  /** May cancel any committee's scheduled operation during its delay. */
  guardians?: readonly Address[] | undefined;
  /** The residents' Governor (clock: timestamps, so delay and period are in seconds). */
  governor: { votingDelay: number; votingPeriod: number; proposalThreshold: bigint; quorumPercent: number | bigint };
  /**
   * Initial module budget lines: `module` is the package name (hashed with keccak256) or a bytes32 module id;
   * `policy` the task policy registered with it in the same transaction (the board publishes nothing under a module
   * without one): a contract address, or `'open'` for an OpenTaskPolicy (the core's checks only) deployed here.
   * A module whose contract is its policy gets its budget line at install instead.
   */
  budgets?: readonly { module: string; perPeriod: bigint; policy: Address | 'open' }[] | undefined;
  /**
   * The city's endowment. Default: none. A function is called once the implementations are deployed (so a test
   * asset it deploys leaves every other address where a city without a vault would have it).
   */
  vault?: VaultParameters | (() => Promise<VaultParameters>) | undefined;
  /** A CityFactory already on this chain (several cities may share one). Default: deploy a new one. */
  factory?: Address | undefined;
  /**
   * Implementations already on this chain to reuse. CivicCredit and TaskBoard are bound to the city's forwarder
   * at construction, so they are always deployed per city.
   */
  implementations?: Partial<SharedCityImplementations> | undefined;
  /** Called before each step. */
  onStep?: ((step: DeployCityStep) => void) | undefined;
};

export type DeployCityReturnType = CityContracts & {
  factory: Address;
  implementations: CityImplementations;
  /** The block of the `deployCity` transaction. */
  blockNumber: bigint;
  /** The `deployCity` transaction. */
  transactionHash: Hash;
};

/** Its `cause`: a deployment's {@link DeployContractErrorType}, or a revert of `deployCity` itself. */
export type DeployCityErrorType = DeployCityError;

type DeployStep = Extract<DeployCityStep, `deploy ${string}`>;

/**
 * Deploys a city with the client's account: a CityFactory (unless given), the implementations (CivicCredit and
 * TaskBoard bound to the forwarder predicted from the account and the ticker), then `CityFactory.deployCity`, which
 * creates the city's AccessManager, wires everything and renounces the factory's admin role. One city per account
 * and ticker on a factory.
 *
 * Transactions are sent one at a time, each awaited to its receipt. Throws {@link DeployCityError} naming the
 * step that failed; when a contract reverted, its `cause` (and `revert`) is a decoded `ContractRevertError`.
 *
 * @example
 * const city = await deployCity(walletClient, { name: 'Berkeley', symbol: 'BRKY', ... })
 * city.taskBoard // address of the city's TaskBoard proxy
 */
export async function deployCity(
  client: CityWalletClient,
  parameters: DeployCityParameters,
): Promise<DeployCityReturnType> {
  const { onStep } = parameters;

  const step = async <T>(name: DeployCityStep, run: () => Promise<T>): Promise<T> => {
    onStep?.(name);
    try {
      return await run();
    } catch (error) {
      throw new DeployCityError(name, error);
    }
  };

  // 'deploy CityFactory', 'deploy Accreditation implementation': the contract is the step's second word.
  const deploy = (name: DeployStep, abi: Abi, bytecode: Hex, args: readonly unknown[] = []): Promise<Address> =>
    step(name, async () => {
      const contractName = name.split(' ')[1] ?? name;
      return (await deployContract(client, { contractName, abi, bytecode, args })).address;
    });

  const factory =
    parameters.factory !== undefined
      ? getAddress(parameters.factory)
      : await deploy('deploy CityFactory', CityFactoryAbi, CityFactoryBytecode);
  // The factory creates the city's AccessManager inside deployCity, at an address fixed by this account and the
  // ticker, so the forwarder the implementations bind is predictable and nobody can front-run the deployment.
  const forwarder = await step('predict forwarder', () =>
    readContract(client, {
      address: factory,
      abi: CityFactoryAbi,
      functionName: 'predictForwarder',
      args: [client.account.address, parameters.symbol],
    }),
  );

  const reuse: Partial<SharedCityImplementations> = Object.fromEntries(
    Object.entries(parameters.implementations ?? {}).flatMap(([name, address]) =>
      address === undefined ? [] : [[name, getAddress(address)]],
    ),
  );
  const implementations: CityImplementations = {
    accreditation:
      reuse.accreditation ?? (await deploy('deploy Accreditation implementation', AccreditationAbi, AccreditationBytecode)),
    credit: await deploy('deploy CivicCredit implementation', CivicCreditAbi, CivicCreditBytecode, [forwarder]),
    votes: reuse.votes ?? (await deploy('deploy VoteToken implementation', VoteTokenAbi, VoteTokenBytecode)),
    issuance:
      reuse.issuance ??
      (await deploy('deploy IssuanceController implementation', IssuanceControllerAbi, IssuanceControllerBytecode)),
    taskBoard: await deploy('deploy TaskBoard implementation', TaskBoardAbi, TaskBoardBytecode, [forwarder]),
    committee: reuse.committee ?? (await deploy('deploy Committee implementation', CommitteeAbi, CommitteeBytecode)),
    governor: reuse.governor ?? (await deploy('deploy CityGovernor implementation', CityGovernorAbi, CityGovernorBytecode)),
    kernel: reuse.kernel ?? (await deploy('deploy ModuleKernel implementation', ModuleKernelAbi, ModuleKernelBytecode)),
  };
  const vaultParameters = typeof parameters.vault === 'function' ? await parameters.vault() : parameters.vault;
  if (vaultParameters !== undefined) {
    implementations.vault =
      reuse.vault ?? (await deploy('deploy CityVault implementation', CityVaultAbi, CityVaultBytecode));
    implementations.splitter =
      reuse.splitter ?? (await deploy('deploy YieldSplitter implementation', YieldSplitterAbi, YieldSplitterBytecode));
  }

  const needsOpenPolicy = (parameters.budgets ?? []).some((b) => b.policy === 'open');
  const openPolicy = needsOpenPolicy ? await deploy('deploy OpenTaskPolicy', OpenTaskPolicyAbi, OpenTaskPolicyBytecode) : zeroAddress;
  const budgets = (parameters.budgets ?? []).map((b) => ({ ...b, policy: b.policy === 'open' ? openPolicy : getAddress(b.policy) }));

  const data = encodeFunctionData({
    abi: CityFactoryAbi,
    functionName: 'deployCity',
    args: [
      toCityParams({ ...parameters, budgets, vault: vaultParameters }),
      { ...implementations, vault: implementations.vault ?? zeroAddress, splitter: implementations.splitter ?? zeroAddress },
    ],
  });
  const { receipt, city, committees } = await step('deployCity', async () => {
    const receipt = await sendCall(client, { to: factory, data, functionName: 'deployCity' });
    const { city } = firstEventOf(receipt, CityFactoryAbi, 'CityDeployed', factory).args;
    const committees = {} as Record<CommitteeName, Address>;
    committeeNames.forEach((name, i) => {
      const address = city.committees[i];
      if (address === undefined) throw new CitySyncError(`The CityDeployed event lists no ${name} committee.`);
      committees[name] = address;
    });
    return { receipt, city, committees };
  });
  const vault =
    city.vault === zeroAddress || vaultParameters === undefined
      ? undefined
      : {
          vault: city.vault,
          splitter: city.splitter,
          lock: await step('read vault', () =>
            readContract(client, { address: city.vault, abi: CityVaultAbi, functionName: 'lock' }),
          ),
          asset: getAddress(vaultParameters.asset),
          yieldSource: getAddress(vaultParameters.yieldSource),
        };

  return {
    manager: city.manager,
    forwarder: city.forwarder,
    accreditation: city.accreditation,
    credit: city.credit,
    votes: city.votes,
    issuance: city.issuance,
    taskBoard: city.taskBoard,
    governor: city.governor,
    kernel: city.kernel,
    committees,
    ...(vault === undefined ? {} : { vault }),
    factory,
    implementations,
    blockNumber: receipt.blockNumber,
    transactionHash: receipt.transactionHash,
  };
}

function toCityParams(p: DeployCityParameters & { vault: VaultParameters | undefined }) {
  return {
    name: p.name,
    symbol: p.symbol,
    periodLength: BigInt(p.periodLength),
    coverageBps: BigInt(p.coverage.ratioBps),
    minCoverageBps: BigInt(p.coverage.minBps),
    maxCoverageBps: BigInt(p.coverage.maxBps),
    minRate: p.rateBounds.min,
    maxRate: p.rateBounds.max,
    minPrice: p.priceBounds.min,
    maxPrice: p.priceBounds.max,
    committees: committeeNames.map((name) => {
      const c = p.committees[name];
      return { members: c.members, threshold: c.threshold, delay: c.delaySeconds };
    }),
    guardians: p.guardians ?? [],
    governor: {
      votingDelay: p.governor.votingDelay,
      votingPeriod: p.governor.votingPeriod,
      proposalThreshold: p.governor.proposalThreshold,
      quorumPercent: BigInt(p.governor.quorumPercent),
    },
    budgets: (p.budgets ?? []).map((b) => ({ moduleId: toId(b.module), perPeriod: b.perPeriod, policy: b.policy as Address })),
    vault:
      p.vault === undefined
        ? { asset: zeroAddress, yieldSource: zeroAddress, payoutPeriod: 0n, minLineBps: 0, maxLineBps: 0, lines: [] }
        : {
            asset: p.vault.asset,
            yieldSource: p.vault.yieldSource,
            payoutPeriod: BigInt(p.vault.payoutPeriodSeconds),
            minLineBps: p.vault.lineBounds.minBps,
            maxLineBps: p.vault.lineBounds.maxBps,
            lines: p.vault.budgetLines.map((line) => ({
              recipient: line.recipient,
              bps: line.bps,
              capPerPeriod: line.capPerPeriod,
              purpose: line.purpose,
            })),
          },
  } as const;
}
