import { type Address, type Hex, encodeFunctionData, keccak256, toBytes, zeroHash } from 'viem';
import { readContract } from 'viem/actions';

import { accredit as proposeAccreditation } from '@citysync/sdk';
import { AccessManagerAbi, AccreditationAbi } from '@citysync/contracts';
import { type OutputOptions, defineCommand } from '../command.js';
import {
  type ChainOptions,
  type SignerOptions,
  assertSigners,
  devAccount,
  openCityOf,
  signerOf,
  walletOf,
} from '../context.js';
import { approveAndExecute, checkCommitteeSigners } from '../committeeSigners.js';
import { CityStateError } from '../errors.js';
import { parseAddress, parseIndexList, parseRoles, roleNames } from '../parse.js';

type AccreditOptions = ChainOptions &
  SignerOptions &
  OutputOptions & { roles: string; metadata?: string | undefined; approveAs?: string | undefined };

export type AccreditResult = {
  org: Address;
  roles: string[];
  committee: Address;
  proposalId: bigint;
  approvals: number;
  threshold: number;
  /** `executed` when --approve-as carried it through; else `pending` (more approvals) or `scheduled` (delay). */
  state: 'pending' | 'scheduled' | 'executed';
  /** Unix time from which the proposal may be executed, once scheduled. */
  readyAt?: number | undefined;
  next?: string | undefined;
};

/**
 * `dpan org accredit <address> --roles ...`: proposes the accreditation to the accreditation committee as
 * `--account`; with `--approve-as i,j` (embedded chain only) those dev accounts approve, the clock is moved past
 * the committee's delay, and the proposal is executed.
 */
export const accredit = defineCommand(
  async (address: string, options: AccreditOptions): Promise<AccreditResult> => {
    const org = parseAddress(address, '<address>');
    const roles = parseRoles(options.roles);
    const approvers = options.approveAs === undefined ? [] : parseIndexList(options.approveAs, '--approve-as').map(devAccount);
    const proposer = signerOf(options);
    const connection = await openCityOf(options);
    assertSigners(connection, [proposer, ...approvers]);
    const { city } = connection;
    const committee = city.committees.accreditation;
    const { publicClient } = connection;

    // Every signer is checked before the first transaction, so a wrong index sends nothing.
    const signers = { name: 'accreditation', committee, proposer, approvers };
    const threshold = await checkCommitteeSigners(publicClient, signers);

    const metadataHash: Hex = options.metadata === undefined ? zeroHash : keccak256(toBytes(options.metadata));
    // The AccessManager schedules one operation per (committee, target, calldata): an identical accreditation
    // already waiting for its delay would make the approval revert after the proposal was made.
    const data = encodeFunctionData({ abi: AccreditationAbi, functionName: 'accredit', args: [org, roles, metadataHash] });
    const operationId = await readContract(publicClient, {
      address: city.manager,
      abi: AccessManagerAbi,
      functionName: 'hashOperation',
      args: [committee, city.accreditation, data],
    });
    const scheduledAt = await readContract(publicClient, {
      address: city.manager,
      abi: AccessManagerAbi,
      functionName: 'getSchedule',
      args: [operationId],
    });
    if (scheduledAt !== 0) {
      throw new CityStateError(`The same accreditation of ${org} is already scheduled (ready at ${new Date(scheduledAt * 1000).toISOString()}).`, {
        details: 'Execute that proposal with: dpan committee execute accreditation <proposalId>',
      });
    }
    const description = `accredit ${org} as ${roleNames(roles).join(', ')}${options.metadata ? ` (${options.metadata})` : ''}`;
    const { proposalId } = await proposeAccreditation(walletOf(connection, proposer), { city, org, roles, metadataHash, description });
    const result: AccreditResult = {
      org,
      roles: roleNames(roles),
      committee,
      proposalId,
      approvals: 1,
      threshold: Number(threshold),
      state: threshold <= 1n ? 'scheduled' : 'pending',
    };

    const carried = await approveAndExecute(connection, { ...signers, proposalId, command: 'dpan org accredit --approve-as' });
    result.approvals = Math.max(result.approvals, carried.approvals);
    if (carried.executed) return { ...result, state: 'executed', readyAt: carried.readyAt };
    const next =
      result.approvals < result.threshold
        ? `dpan committee approve accreditation ${proposalId} --account <member> (${result.threshold - result.approvals} more), then dpan committee execute accreditation ${proposalId} after the delay`
        : `dpan committee execute accreditation ${proposalId} after the committee's delay`;
    return { ...result, next };
  },
  {
    render: (r) =>
      r.state === 'executed'
        ? `accredited ${r.org} as ${r.roles.join(', ')} (accreditation proposal ${r.proposalId}: ${r.approvals}/${r.threshold} approvals, executed)`
        : `proposed accreditation of ${r.org} as ${r.roles.join(', ')}: proposal ${r.proposalId} (${r.approvals}/${r.threshold} approvals)\nnext: ${String(r.next)}`,
  },
);
