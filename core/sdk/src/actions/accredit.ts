import { type Address, type Hex, encodeFunctionData, zeroHash } from 'viem';

import type { CityWriteErrorType } from '../errors/contract.js';
import { AccreditationAbi } from '@citysync/contracts';
import {
  type ProposeToCommitteeReturnType,
  proposeToCommittee,
} from '../governance/proposeToCommittee.js';
import type { CityContracts } from '../types/city.js';
import type { CityWalletClient } from '../types/client.js';

export type AccreditParameters = {
  city: Pick<CityContracts, 'accreditation'> & { committees: Pick<CityContracts['committees'], 'accreditation'> };
  /** The organization's account. */
  org: Address;
  /** Bit flags of {@link OrgRoles} (e.g. `OrgRoles.ISSUER | OrgRoles.VERIFIER`); replaces any roles it held. */
  roles: number;
  /** Content hash of the off-chain organization record. Default: zero. */
  metadataHash?: Hex | undefined;
  description?: string | undefined;
};

export type AccreditReturnType = ProposeToCommitteeReturnType;

export type AccreditErrorType = CityWriteErrorType;

/**
 * Proposes to the city's accreditation committee to accredit `org` for `roles` (the client's account must be a
 * member). Accreditation is a committee decision: it takes effect once the threshold has approved
 * ({@link approveProposal}) and the delay has passed ({@link executeProposal}).
 */
export async function accredit(client: CityWalletClient, parameters: AccreditParameters): Promise<AccreditReturnType> {
  const { city, org, roles, metadataHash = zeroHash, description } = parameters;
  return await proposeToCommittee(client, {
    committee: city.committees.accreditation,
    target: city.accreditation,
    data: encodeFunctionData({ abi: AccreditationAbi, functionName: 'accredit', args: [org, roles, metadataHash] }),
    description: description ?? `accredit ${org} for roles ${roles}`,
  });
}
