import type { CityWriteErrorType } from '@citysync/sdk';
import { type ProposeToCommitteeReturnType, proposeToCommittee } from '@citysync/sdk';
import type { CityContracts } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';
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
