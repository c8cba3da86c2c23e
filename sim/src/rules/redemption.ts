import type { OfferState } from './capacityValue.js';

/** Why RedemptionDesk.redeem would refuse, or undefined when it succeeds. */
export type RedeemRefusal = 'closed' | 'outsideWindow' | 'capacity' | 'aboveLimit' | 'credits';

/** RedemptionDesk.remainingCapacity: units still redeemable in `period`. */
export function remainingCapacity(o: OfferState, period: number): number {
  if (!o.open) return 0;
  const used = o.usedPeriod === period + 1 ? o.used : 0;
  return used < o.capacity ? o.capacity - used : 0;
}

/**
 * RedemptionDesk.redeem's checks in the contract's order: open, inside the window, capacity left in the period,
 * the participant's limit on what it burns (`maxCredits`), then the participant's balance (the burn).
 */
export function redeemRefusal(
  o: OfferState,
  period: number,
  now: number,
  units: number,
  maxCredits: number,
  balance: number,
): RedeemRefusal | undefined {
  if (!o.open) return 'closed';
  if (o.end !== 0 && (now < o.start || now >= o.end)) return 'outsideWindow';
  if (units > remainingCapacity(o, period)) return 'capacity';
  if (units * o.price > maxCredits) return 'aboveLimit';
  if (balance < units * o.price) return 'credits';
  return undefined;
}

/** The effect of a successful redemption on the offer's period usage. */
export function useCapacity(o: OfferState, period: number, units: number): void {
  const used = o.usedPeriod === period + 1 ? o.used : 0;
  o.used = used + units;
  o.usedPeriod = period + 1;
}
