import type { CityWriteErrorType } from '../errors/contract.js';
import { type ProposeToCommitteeReturnType, proposeToCommittee } from '../governance/proposeToCommittee.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';
import type { HealthAction } from './planHealthActions.js';

export type ApplyHealthActionsParameters = {
  city: Pick<CityContracts, 'issuance' | 'committees'>;
  /** From {@link planHealthActions}. */
  actions: readonly HealthAction[];
};

export type ApplyHealthActionsReturnType = (ProposeToCommitteeReturnType & { action: HealthAction })[];

/** `CommitteeNotMember` when the client's account is not on the issuance committee, ... */
export type ApplyHealthActionsErrorType = CityWriteErrorType;

/**
 * Proposes each planned coverage change to the city's issuance committee as the client's account (a member), with
 * the action's markdown as the proposal description. This is the committee's ordinary path: the other members
 * still approve up to the threshold, the committee's delay still applies, and the guardians may still cancel.
 */
export async function applyHealthActions(
  client: CityWalletClient,
  parameters: ApplyHealthActionsParameters,
): Promise<ApplyHealthActionsReturnType> {
  const { city, actions } = parameters;
  const proposed: ApplyHealthActionsReturnType = [];
  for (const action of actions) {
    const result = await proposeToCommittee(client, {
      committee: city.committees.issuance,
      target: city.issuance,
      data: action.data,
      description: action.description,
    });
    proposed.push({ ...result, action });
  }
  return proposed;
}
