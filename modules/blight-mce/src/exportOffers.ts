import { type CityContracts, type CityReadClient, getOffer } from '@citysync/sdk';
import { CivicCreditAbi } from '@citysync/contracts';
import type { MceRecord } from '@citysync/schemas';
import { type Address, type Hex, getAddress } from 'viem';
import { getBlock, getContractEvents } from 'viem/actions';

import { isoOf } from './exportOutcomes.js';
import { parseOfferLabel } from './metadataLabels.js';
import type { MceReportSummary } from './report.js';

export type EventOffersParameters = {
  city: Pick<CityContracts, 'credit'>;
  /** The event's business offers and their use, as buildReport found them. */
  offers: MceReportSummary['offers'];
  /** Offer and organization labels by their keccak256 (see labelsByHash). */
  labels: ReadonlyMap<Hex, string>;
  names: ReadonlyMap<Address, string>;
  eventEnd: bigint;
  fromBlock: bigint;
};

export type EventOffersReturnType = Pick<MceRecord, 'offers' | 'redeemers' | 'incentives'> & {
  /** Seconds each offer stayed redeemable after the event (the offers.graceSeconds in force); undefined: no offer. */
  graceSeconds: number | undefined;
};

/**
 * The event's business offers as records: each offering as it was open (id and title recovered from its metadata
 * hash when the label is known, price, capacity, window), what was redeemed, and when its capacity ran out; the
 * redeemers that honoured them; and each offer as an incentive tied to the event. Standing offers of the city's
 * general economy are not the event's (buildReport keeps only offers opened for the event's window), so neither
 * they nor what was redeemed on them count here.
 */
export async function eventOffers(client: CityReadClient, parameters: EventOffersParameters): Promise<EventOffersReturnType> {
  const { city, labels, names } = parameters;
  const ids = parameters.offers.map((o) => o.offerId);
  const redeemed =
    ids.length === 0
      ? []
      : await getContractEvents(client, { address: city.credit, abi: CivicCreditAbi, eventName: 'Redeemed', args: { offerId: ids }, fromBlock: parameters.fromBlock, toBlock: 'latest', strict: true });

  const offers: MceRecord['offers'] = [];
  const incentives: MceRecord['incentives'] = [];
  const byRedeemer = new Map<Address, { units: number; credits: number }>();
  const usedIds = new Set<string>();
  let graceSeconds: number | undefined;
  for (const offer of parameters.offers) {
    const onChain = await getOffer(client, { city, offerId: offer.offerId });
    const window = onChain.window ?? { start: 0n, end: 0n };
    const label = parseOfferLabel(labels.get(onChain.metadataHash) ?? '');
    // Two redeemers may open the same offering for one window: the record's ids must stay distinct.
    let id = label?.id ?? `offer-${offer.offerId}`;
    if (usedIds.has(id)) id = `${id}-${offer.offerId}`;
    usedIds.add(id);
    const title = label?.title ?? `Offer ${offer.offerId} (its metadata ${onChain.metadataHash.slice(0, 10)}... was not supplied)`;

    // Exhausted: the units redeemed in one period reached the offer's capacity; when is the block that did it.
    let exhaustedAt: string | null = null;
    const usedInPeriod = new Map<number, bigint>();
    for (const log of redeemed.filter((l) => l.args.offerId === offer.offerId)) {
      const used = (usedInPeriod.get(log.args.period) ?? 0n) + log.args.units;
      usedInPeriod.set(log.args.period, used);
      if (exhaustedAt === null && used >= onChain.capacity) exhaustedAt = isoOf((await getBlock(client, { blockNumber: log.blockNumber })).timestamp);
    }

    const redeemer = getAddress(offer.redeemer);
    const name = names.get(redeemer);
    offers.push({
      offering: { id, title, redeemer, price: Number(onChain.price), capacityPerPeriod: Number(onChain.capacity), window: { start: isoOf(window.start), end: isoOf(window.end) } },
      unitsRedeemed: Number(offer.units),
      creditsRedeemed: Number(offer.credits),
      exhaustedAt,
    });
    const grace = window.end - parameters.eventEnd;
    incentives.push({
      id,
      description: `${title}: ${onChain.price} credits a unit, up to ${onChain.capacity} units a period, honoured by ${name ?? redeemer} from the event's start ${grace > 0n ? `until ${durationText(grace)} after its end` : grace === 0n ? 'to its end' : `to ${durationText(-grace)} before its end`}.`.slice(0, 500),
    });
    const sum = byRedeemer.get(redeemer) ?? { units: 0, credits: 0 };
    sum.units += Number(offer.units);
    sum.credits += Number(offer.credits);
    byRedeemer.set(redeemer, sum);
    graceSeconds = Math.max(graceSeconds ?? 0, Number(grace));
  }

  const redeemers: MceRecord['redeemers'] = [...byRedeemer].map(([address, sum]) => {
    const name = names.get(address);
    return { address, ...(name === undefined ? {} : { name }), unitsRedeemed: sum.units, creditsRedeemed: sum.credits };
  });
  return { offers, redeemers, incentives, graceSeconds };
}

/** Seconds as whole days, else hours, else seconds: how a city team says a grace period. */
function durationText(seconds: bigint): string {
  const unit = (n: bigint, name: string) => `${n} ${name}${n === 1n ? '' : 's'}`;
  if (seconds % 86_400n === 0n) return unit(seconds / 86_400n, 'day');
  if (seconds % 3_600n === 0n) return unit(seconds / 3_600n, 'hour');
  return unit(seconds, 'second');
}
