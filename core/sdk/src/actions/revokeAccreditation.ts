import { type Address, encodeFunctionData } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { AccreditationAbi } from '@citysync/contracts';
import { type ProposeToCommitteeReturnType, proposeToCommittee } from '../governance/proposeToCommittee.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type RevokeAccreditationParameters = {
  city: Pick<CityContracts, 'accreditation'> & { committees: Pick<CityContracts['committees'], 'accreditation'> };
  /** The organization losing every role. */
  org: Address;
  description?: string | undefined;
};

export type RevokeAccreditationReturnType = ProposeToCommitteeReturnType;

/** `CommitteeNotMember` at proposal; `AccreditationNotAccredited` when the executed call finds no accreditation. */
export type RevokeAccreditationErrorType = CityWriteErrorType;

/**
 * Proposes to the city's accreditation committee to revoke every role of `org` (the client's account must be a
 * member). Like {@link accredit}, it takes effect once the threshold has approved and the delay has passed; the
 * task board's role mirror is updated in the same transaction as the revocation.
 */
export async function revokeAccreditation(
  client: CityWalletClient,
  parameters: RevokeAccreditationParameters,
): Promise<RevokeAccreditationReturnType> {
  const { city, org, description } = parameters;
  return await proposeToCommittee(client, {
    committee: city.committees.accreditation,
    target: city.accreditation,
    data: encodeFunctionData({ abi: AccreditationAbi, functionName: 'revoke', args: [org] }),
    description: description ?? `revoke the accreditation of ${org}`,
  });
}
