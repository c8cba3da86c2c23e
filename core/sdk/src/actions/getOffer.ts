import type { Address, BaseErrorType, Hex } from 'viem';
import { readContract } from 'viem/actions';

import type { ContractRevertError } from '../errors/contract.js';
import { decodeContractRevert } from '../errors/decodeContractRevert.js';
import { CivicCreditAbi } from '@citysync/contracts';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient } from '../types/client.js';

export type GetOfferParameters = { city: Pick<CityContracts, 'credit'>; offerId: bigint };

export type GetOfferReturnType = {
  offerId: bigint;
  redeemer: Address;
  /** Credits per unit. */
  price: bigint;
  /** Units redeemable per period. */
  capacity: bigint;
  /** Units still redeemable in the current period (0 once closed). */
  remaining: bigint;
  /** A time-limited offer's window [start, end); undefined for a standing offer. */
  window: { start: bigint; end: bigint } | undefined;
  open: boolean;
  metadataHash: Hex;
};

/** `RedemptionDeskUnknownOffer` (as a ContractRevertError), or viem's transport errors. */
export type GetOfferErrorType = ContractRevertError | BaseErrorType;

/** Reads redemption offer `offerId` and what is left of it this period. */
export async function getOffer(client: CityReadClient, parameters: GetOfferParameters): Promise<GetOfferReturnType> {
  const { city, offerId } = parameters;
  try {
    const [[offer, info], remaining] = await Promise.all([
      readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'offer', args: [offerId] }),
      readContract(client, {
        address: city.credit,
        abi: CivicCreditAbi,
        functionName: 'remainingCapacity',
        args: [offerId],
      }),
    ]);
    const standing = offer.start === 0 && offer.end === 0;
    return {
      offerId,
      redeemer: info.redeemer,
      price: BigInt(offer.price),
      capacity: BigInt(offer.capacity),
      remaining,
      window: standing ? undefined : { start: BigInt(offer.start), end: BigInt(offer.end) },
      open: offer.open,
      metadataHash: info.metadataHash,
    };
  } catch (error) {
    throw decodeContractRevert(error, { address: city.credit, functionName: 'offer' }) ?? error;
  }
}
