import {
  type Abi,
  type AbiFunction,
  type AbiParameter,
  type Address,
  type Hash,
  type Hex,
  encodeFunctionData,
  isAddress,
  isAddressEqual,
  isHex,
  parseAbiItem,
  slice,
} from 'viem';
import { readContract } from 'viem/actions';

import { ManagerRoles } from '@citysync/sdk';
import {
  AccessManagerAbi,
  AccreditationAbi,
  CityForwarderAbi,
  CityGovernorAbi,
  CityVaultAbi,
  CivicCreditAbi,
  CommitteeAbi,
  IssuanceControllerAbi,
  ModuleKernelAbi,
  TaskBoardAbi,
  VoteTokenAbi,
  YieldSplitterAbi,
} from '@citysync/contracts';
import { approveProposal } from '@citysync/sdk';
import { cancelProposal } from '@citysync/sdk';
import { executeProposal } from '@citysync/sdk';
import { proposeToCommittee } from '@citysync/sdk';
import { type CityContracts, type CommitteeName, committeeNames } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type OpenedCity, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { assertCommitteeMember } from '../committeeSigners.js';
import { CliUsageError } from '../errors.js';
import { parseAddress, parseUint } from '../parse.js';

type WriteOptions = ChainOptions & SignerOptions & OutputOptions;

type ContractName = Exclude<keyof CityContracts, 'committees' | 'vault'>;

/** The ABI of each city contract a committee may call, so `--call` can name a function without its types. */
const abis: Record<ContractName, Abi> = {
  manager: AccessManagerAbi,
  forwarder: CityForwarderAbi,
  accreditation: AccreditationAbi,
  credit: CivicCreditAbi,
  votes: VoteTokenAbi,
  issuance: IssuanceControllerAbi,
  taskBoard: TaskBoardAbi,
  governor: CityGovernorAbi,
  kernel: ModuleKernelAbi,
};

function parseCommittee(value: string): CommitteeName {
  if (!(committeeNames as readonly string[]).includes(value)) {
    throw new CliUsageError(`<committee>: unknown committee "${value}"; one of ${committeeNames.join(', ')}.`);
  }
  return value as CommitteeName;
}

/** A city contract's name (`issuance`, `committees.rates`, ...) or an address. */
function resolveTarget(city: CityContracts, value: string): { address: Address; abi: Abi | undefined } {
  if (isAddress(value, { strict: false })) return { address: parseAddress(value, '--target'), abi: undefined };
  if (value in abis) return { address: city[value as ContractName], abi: abis[value as ContractName] };
  if (value === 'vault' || value === 'splitter') {
    if (city.vault === undefined) throw new CliUsageError(`--target: this city has no vault (city.json#/vault).`);
    return value === 'vault'
      ? { address: city.vault.vault, abi: CityVaultAbi }
      : { address: city.vault.splitter, abi: YieldSplitterAbi };
  }
  const committee = /^committees\.(.+)$/.exec(value)?.[1];
  if (committee !== undefined) return { address: city.committees[parseCommittee(committee)], abi: CommitteeAbi };
  throw new CliUsageError(
    `--target: "${value}" is neither an address nor a city contract (${Object.keys(abis).join(', ')}, vault, splitter, committees.<name>).`,
  );
}

/** A command-line string as the ABI type wants it (uints -> bigint, bool, arrays as JSON). */
function coerce(parameter: AbiParameter, value: unknown, what: string): unknown {
  const { type } = parameter;
  const array = /^(.*)\[\d*\]$/.exec(type);
  if (array !== null) {
    let items: unknown = value;
    if (typeof value === 'string') {
      try {
        items = JSON.parse(value);
      } catch {
        throw new CliUsageError(`${what}: ${type} must be a JSON array, got ${value}.`);
      }
    }
    if (!Array.isArray(items)) throw new CliUsageError(`${what}: ${type} must be a JSON array.`);
    return items.map((item, i) => coerce({ ...parameter, type: array[1] ?? '' }, item, `${what}[${i}]`));
  }
  const text = String(value);
  if (/^u?int\d*$/.test(type)) {
    if (!/^-?\d+$/.test(text)) throw new CliUsageError(`${what}: ${type} must be an integer, got "${text}".`);
    return BigInt(text);
  }
  if (type === 'bool') {
    if (text !== 'true' && text !== 'false') throw new CliUsageError(`${what}: bool must be true or false, got "${text}".`);
    return text === 'true';
  }
  if (type === 'address') return parseAddress(text, what);
  if (type.startsWith('bytes')) {
    if (!isHex(text)) throw new CliUsageError(`${what}: ${type} must be 0x-prefixed hex, got "${text}".`);
    return text;
  }
  if (type === 'string') return text;
  throw new CliUsageError(`${what}: ${type} arguments are not supported on the command line; encode the call and pass --data.`);
}

function encodeCall(abi: Abi | undefined, call: string, args: readonly string[]): Hex {
  let fn: AbiFunction | undefined;
  if (call.includes('(')) {
    try {
      const item = parseAbiItem(`function ${call}`);
      if (item.type === 'function') fn = item;
    } catch {
      throw new CliUsageError(`--call: "${call}" is not a function signature like "setCoverageRatio(uint256)".`);
    }
  } else {
    const matches = (abi ?? []).filter((item): item is AbiFunction => item.type === 'function' && item.name === call);
    if (matches.length > 1) throw new CliUsageError(`--call: ${call} is overloaded; give its signature, e.g. "${call}(uint256)".`);
    fn = matches[0];
    if (fn === undefined) {
      throw new CliUsageError(
        abi === undefined
          ? `--call: give the full signature (e.g. "${call}(uint256)") when --target is an address.`
          : `--call: the target has no function ${call}.`,
      );
    }
  }
  if (fn === undefined) throw new CliUsageError(`--call: "${call}" is not a function.`);
  if (args.length !== fn.inputs.length) {
    throw new CliUsageError(`--args: ${fn.name} takes ${fn.inputs.length} argument(s), got ${args.length}.`);
  }
  const values = fn.inputs.map((input, i) => coerce(input, args[i], `--args ${input.name || i}`));
  return encodeFunctionData({ abi: [fn], functionName: fn.name, args: values });
}

type ProposeOptions = WriteOptions & {
  target: string;
  call?: string | undefined;
  args?: string[] | undefined;
  data?: string | undefined;
  description?: string | undefined;
};

export type ProposeResult = { committee: CommitteeName; proposalId: bigint; target: Address; data: Hex; descriptionHash: Hex; hash: Hash };

/** `dpan committee propose <committee> --target ... --call ... --args ...` (or `--data`). */
export const propose = defineCommand(
  async (committeeArg: string, options: ProposeOptions): Promise<ProposeResult> => {
    const committee = parseCommittee(committeeArg);
    if ((options.call === undefined) === (options.data === undefined)) {
      throw new CliUsageError('Give the call to propose: --call <function> [--args ...], or --data <hex>.');
    }
    if (options.data !== undefined && !isHex(options.data)) throw new CliUsageError('--data must be 0x-prefixed hex.');
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const target = resolveTarget(city, options.target);
    const data = options.data !== undefined ? (options.data as Hex) : encodeCall(target.abi, options.call ?? '', options.args ?? []);
    await assertCommitteeMember(connection, { name: committee, committee: city.committees[committee], account });
    await refuseUnauthorizedCall(connection, committee, target, data, options.target);
    const { proposalId, descriptionHash, hash } = await proposeToCommittee(walletOf(connection, account), {
      committee: city.committees[committee],
      target: target.address,
      data,
      description: options.description,
    });
    return { committee, proposalId, target: target.address, data, descriptionHash, hash };
  },
  {
    render: (r) =>
      `proposed to the ${r.committee} committee: proposal ${r.proposalId} (your approval counted)\n` +
      `other members approve with: dpan committee approve ${r.committee} ${r.proposalId} --keystore <their keystore>`,
  },
);

/**
 * A proposal the committee could never execute (its role is not the one the AccessManager maps the function to)
 * would only fail at the approval that schedules it: refuse it before anything is sent, naming the role that may.
 * Checked for the city's managed contracts; the AccessManager's own functions and other addresses have other gates.
 */
async function refuseUnauthorizedCall(
  connection: OpenedCity,
  committee: CommitteeName,
  target: { address: Address; abi: Abi | undefined },
  data: Hex,
  targetName: string,
): Promise<void> {
  const { city, publicClient } = connection;
  if (target.abi === undefined || isAddressEqual(target.address, city.manager) || data.length < 10) return;
  const selector = slice(data, 0, 4);
  const [immediate, delay] = await readContract(publicClient, {
    address: city.manager,
    abi: AccessManagerAbi,
    functionName: 'canCall',
    args: [city.committees[committee], target.address, selector],
  });
  if (immediate || delay > 0) return;
  const role = await readContract(publicClient, {
    address: city.manager,
    abi: AccessManagerAbi,
    functionName: 'getTargetFunctionRole',
    args: [target.address, selector],
  });
  const holder = committeeNames.find((name) => ManagerRoles[`${name.toUpperCase()}_COMMITTEE` as keyof typeof ManagerRoles] === role);
  throw new CliUsageError(`The ${committee} committee may not make this call on ${targetName}; nothing was proposed.`, {
    details:
      holder !== undefined
        ? `The AccessManager gives it to the ${holder} committee: dpan committee propose ${holder} --target ${targetName} ...`
        : `The AccessManager gives it to role ${role}, which no committee holds directly.`,
  });
}

type ProposalOptions = WriteOptions;

/** The proposal's committee and a wallet; `membersOnly` (approve, cancel) refuses a non-member before sending. */
async function withProposal(committeeArg: string, id: string, options: ProposalOptions, { membersOnly = true } = {}) {
  const committee = parseCommittee(committeeArg);
  const proposalId = parseUint(id, '<proposalId>');
  const account = signerOf(options);
  const connection = await openCityOf(options);
  const address = connection.city.committees[committee];
  if (membersOnly) await assertCommitteeMember(connection, { name: committee, committee: address, account });
  return { committee, proposalId, address, wallet: walletOf(connection, account) };
}

export type ApproveResult = { committee: CommitteeName; proposalId: bigint; approvals: bigint; readyAt?: number | undefined; hash: Hash };

/** `dpan committee approve <committee> <proposalId>`. */
export const approve = defineCommand(
  async (committeeArg: string, id: string, options: ProposalOptions): Promise<ApproveResult> => {
    const { committee, proposalId, address, wallet } = await withProposal(committeeArg, id, options);
    const { approvals, scheduled, hash } = await approveProposal(wallet, { committee: address, proposalId });
    return { committee, proposalId, approvals, readyAt: scheduled?.readyAt, hash };
  },
  {
    render: (r) =>
      r.readyAt === undefined
        ? `approved proposal ${r.proposalId} of the ${r.committee} committee (${r.approvals} approvals; more are needed)`
        : `approved proposal ${r.proposalId} of the ${r.committee} committee (${r.approvals} approvals): scheduled, ` +
          `executable from ${new Date(r.readyAt * 1000).toISOString()} with: dpan committee execute ${r.committee} ${r.proposalId}`,
  },
);

export type ExecuteResult = { committee: CommitteeName; proposalId: bigint; hash: Hash };

/** `dpan committee execute <committee> <proposalId>`: anyone may execute a proposal whose delay has passed. */
export const execute = defineCommand(
  async (committeeArg: string, id: string, options: ProposalOptions): Promise<ExecuteResult> => {
    const { committee, proposalId, address, wallet } = await withProposal(committeeArg, id, options, { membersOnly: false });
    const { hash } = await executeProposal(wallet, { committee: address, proposalId });
    return { committee, proposalId, hash };
  },
  { render: (r) => `executed proposal ${r.proposalId} of the ${r.committee} committee` },
);

export type CancelResult = ExecuteResult & {
  /** True when the proposal is now cancelled; false when this was one vote toward the threshold. */
  cancelled: boolean;
  /** Votes to cancel the scheduled proposal so far; undefined for a withdrawal. */
  cancelApprovals: bigint | undefined;
};

/** `dpan committee cancel <committee> <proposalId>`: withdraw your own pending proposal or vote to cancel a scheduled one. */
export const cancel = defineCommand(
  async (committeeArg: string, id: string, options: ProposalOptions): Promise<CancelResult> => {
    const { committee, proposalId, address, wallet } = await withProposal(committeeArg, id, options);
    const { hash, cancelled, cancelApprovals } = await cancelProposal(wallet, { committee: address, proposalId });
    return { committee, proposalId, hash, cancelled, cancelApprovals };
  },
  {
    render: (r) =>
      r.cancelled
        ? `cancelled proposal ${r.proposalId} of the ${r.committee} committee`
        : `voted to cancel proposal ${r.proposalId} of the ${r.committee} committee (${r.cancelApprovals} votes; ` +
          `the committee's threshold cancels it)`,
  },
);
