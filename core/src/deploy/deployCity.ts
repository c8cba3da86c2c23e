import { type Abi, type Address, type Hash, type Hex, encodeDeployData, encodeFunctionData, getAddress } from 'viem';
import { readContract } from 'viem/actions';

import { CitySyncError } from '../errors/base.js';
import { DeployCityError, type DeployCityStep } from '../errors/deploy.js';
import {
  AccessManagerAbi,
  AccessManagerBytecode,
  AccreditationAbi,
  AccreditationBytecode,
  CityFactoryAbi,
  CityFactoryBytecode,
  CityGovernorAbi,
  CityGovernorBytecode,
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
} from '../generated/abis.js';
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

export type CommitteeParameters = {
  members: readonly Address[];
  /** Approvals needed; at least 2 (no single key decides) and at most `members.length`. */
  threshold: number;
  /** Execution delay of every call the committee makes, in seconds. */
  delaySeconds: number;
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
  /** Initial module budget lines: `module` is the package name (hashed with keccak256) or a bytes32 module id. */
  budgets?: readonly { module: string; perPeriod: bigint }[] | undefined;
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

export type DeployCityErrorType = DeployCityError;

type DeployStep = Extract<DeployCityStep, `deploy ${string}`>;

/**
 * Deploys a city with the client's account: a CityFactory (unless given), a fresh AccessManager administered by
 * the factory, the implementations (CivicCredit and TaskBoard bound to the predicted forwarder), then
 * `CityFactory.deployCity`, which wires everything and renounces the factory's admin role.
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

  const deploy = (name: DeployStep, abi: Abi, bytecode: Hex, args: readonly unknown[] = []): Promise<Address> =>
    step(name, async () => {
      const data = encodeDeployData({ abi, bytecode, args });
      const receipt = await sendCall(client, { data, functionName: 'constructor' });
      if (!receipt.contractAddress) {
        throw new CitySyncError(`No contract address in the receipt of ${receipt.transactionHash}.`);
      }
      return getAddress(receipt.contractAddress);
    });

  const factory =
    parameters.factory !== undefined
      ? getAddress(parameters.factory)
      : await deploy('deploy CityFactory', CityFactoryAbi, CityFactoryBytecode);
  const manager = await deploy('deploy AccessManager', AccessManagerAbi, AccessManagerBytecode, [factory]);
  const forwarder = await step('predict forwarder', () =>
    readContract(client, {
      address: factory,
      abi: CityFactoryAbi,
      functionName: 'predictForwarder',
      args: [manager, parameters.symbol],
    }),
  );

  const reuse: Partial<SharedCityImplementations> = Object.fromEntries(
    Object.entries(parameters.implementations ?? {}).map(([name, address]) => [name, getAddress(address)]),
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

  const data = encodeFunctionData({
    abi: CityFactoryAbi,
    functionName: 'deployCity',
    args: [manager, toCityParams(parameters), implementations],
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
    factory,
    implementations,
    blockNumber: receipt.blockNumber,
    transactionHash: receipt.transactionHash,
  };
}

function toCityParams(p: DeployCityParameters) {
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
    budgets: (p.budgets ?? []).map((b) => ({ moduleId: toId(b.module), perPeriod: b.perPeriod })),
  } as const;
}
