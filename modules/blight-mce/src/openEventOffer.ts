import { type CityContracts, type CityWalletClient, type CreateOfferReturnType, createOffer } from '@citysync/sdk';
import { type Address, keccak256, toBytes } from 'viem';

import { BlightEventStateError } from './errors.js';
import { readEvent } from './readEvent.js';

export type OpenEventOfferParameters = {
  city: Pick<CityContracts, 'credit'>;
  module: Address;
  /** Offering id (offerings.json) or any id of the business's own offer. */
  offering: string;
  title: string;
  price: bigint;
  capacity: bigint;
  /** Seconds after the event the offer stays redeemable (parameters.json offers.graceSeconds). */
  graceSeconds: bigint;
};

/**
 * Opens a business's time-limited offer as the client's account (an accredited redeemer): valid from the event's
 * start to `graceSeconds` after its end. The credit ledger counts it toward the issuance cap of the periods its window
 * overlaps, weighted by the share of each it covers, and only from the period after it was opened: open it in the
 * period before the event. It refuses redemptions outside the window (`RedemptionDeskOutsideWindow`).
 */
export async function openEventOffer(client: CityWalletClient, parameters: OpenEventOfferParameters): Promise<CreateOfferReturnType> {
  const event = await readEvent(client, { module: parameters.module });
  if (event.start === 0n) throw new BlightEventStateError('The blight & safety MCE is not scheduled yet: an event offer needs its window.');
  return await createOffer(client, {
    city: parameters.city,
    price: parameters.price,
    capacity: parameters.capacity,
    window: { start: event.start, end: event.end + parameters.graceSeconds },
    metadataHash: keccak256(toBytes(`@citysync/dpan-blight-mce#${parameters.offering}: ${parameters.title}`)),
  });
}
