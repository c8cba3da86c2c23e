// Shared by proposing and approving an operation: the signer proposes the steps of its committees that no member
// proposed yet, and approves the pending ones it has not approved. Everything is checked before the first send.
import { type Address, concatHex, encodeFunctionData, isAddressEqual } from 'viem';
import { readContract } from 'viem/actions';

import { CommitteeAbi } from '@citysync/contracts';
import { approveProposal } from '../governance/approveProposal.js';
import { firstEventOf, sendCall } from '../internal/send.js';
import type { CityContracts, CommitteeName } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import { OperationNotMemberError } from './errors.js';
import { type OperationPlan, encodeOperationDescription } from './operationRecord.js';
import type { OperationStepStatus } from './readOperations.js';

/** What the signer did for one step. */
export type SignedStep = {
  step: string;
  committee: CommitteeName;
  action: 'proposed' | 'approved' | 'already approved' | 'not needed';
  proposalId: bigint;
  /** Set when this approval reached the threshold: executable from then (Unix seconds). */
  readyAt: number | undefined;
};

export async function signOperationSteps(
  client: CityWalletClient,
  city: Pick<CityContracts, 'committees'>,
  plan: OperationPlan,
  statuses: readonly OperationStepStatus[],
): Promise<SignedStep[]> {
  const signer = client.account.address;
  const needed = [...new Set(plan.steps.flatMap((s) => (s.type === 'proposal' ? [s.committee] : [])))];
  const memberships = await Promise.all(
    needed.map(async (name) => {
      const [members] = await readContract(client, { address: city.committees[name], abi: CommitteeAbi, functionName: 'membership' });
      return { name, members, member: members.some((m: Address) => isAddressEqual(m, signer)) };
    }),
  );
  const mine = new Set(memberships.filter((m) => m.member).map((m) => m.name));
  if (mine.size === 0) throw new OperationNotMemberError(signer, memberships);

  const signed: SignedStep[] = [];
  for (const step of plan.steps) {
    if (step.type !== 'proposal' || !mine.has(step.committee)) continue;
    const committee = city.committees[step.committee];
    const status = statuses.find((s) => s.step === step.id);
    if (status === undefined || status.state === 'not proposed') {
      const { description, descriptionHash } = encodeOperationDescription(plan, step.id);
      const receipt = await sendCall(client, {
        to: committee,
        // The description rides after the ABI-encoded arguments: the Committee records only its hash, the
        // transaction keeps the text, so readOperations rebuilds the operation from the chain.
        data: concatHex([encodeFunctionData({ abi: CommitteeAbi, functionName: 'propose', args: [step.target, step.data, descriptionHash] }), description]),
        functionName: 'propose',
      });
      const { proposalId } = firstEventOf(receipt, CommitteeAbi, 'ProposalCreated', committee).args;
      signed.push({ step: step.id, committee: step.committee, action: 'proposed', proposalId, readyAt: undefined });
      continue;
    }
    if (status.proposalId === undefined) continue;
    if (status.state !== 'pending') {
      signed.push({ step: step.id, committee: step.committee, action: 'not needed', proposalId: status.proposalId, readyAt: status.readyAt });
      continue;
    }
    if (status.approvedBy.some((a) => isAddressEqual(a, signer))) {
      signed.push({ step: step.id, committee: step.committee, action: 'already approved', proposalId: status.proposalId, readyAt: undefined });
      continue;
    }
    const { scheduled } = await approveProposal(client, { committee, proposalId: status.proposalId });
    signed.push({ step: step.id, committee: step.committee, action: 'approved', proposalId: status.proposalId, readyAt: scheduled?.readyAt });
  }
  return signed;
}
