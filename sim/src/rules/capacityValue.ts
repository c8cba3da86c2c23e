/**
 * RedemptionDesk.capacityValue(start, end): the value of redemption capacity that backs issuance in the current
 * period [start, end). Only capacity really on offer counts: for the standing offers, the least capacity x price
 * they held at any moment since the period began (an offer opened or raised during the period counts from the
 * next one; a decrease counts at once); for each time-limited offer not opened or raised during the period, its
 * capacity x price weighted by the share of [start, end) its window covers.
 */
export type OfferState = {
  price: number;
  capacity: number;
  /** 0 and 0 for a standing offer; else the validity window [start, end). */
  start: number;
  end: number;
  open: boolean;
  /** Units redeemed in `usedPeriod`. */
  used: number;
  usedPeriod: number;
  /** Period of the last increase of price x capacity, its opening included (`raisedPeriod`). */
  raisedPeriod: number;
};

/** The desk's `standingValue` and its floor: the least standing value held since period `floorPeriod` began. */
export type StandingValue = { value: number; floorValue: number; floorPeriod: number };

export const noStanding = (): StandingValue => ({ value: 0, floorValue: 0, floorPeriod: -1 });

/** `_standingFloor`: the standing capacity on offer for the whole of `period` so far. */
export function standingFloor(s: StandingValue, period: number): number {
  return s.floorPeriod === period ? s.floorValue : s.value;
}

/** `_moveStanding`: every change of the standing value in `period` keeps the period's floor current. */
export function moveStanding(s: StandingValue, period: number, removed: number, added: number): void {
  const low = standingFloor(s, period);
  s.value = s.value - removed + added;
  s.floorValue = Math.min(low, s.value);
  s.floorPeriod = period;
}

export function capacityValue(offers: Iterable<OfferState>, standing: StandingValue, period: number, start: number, end: number): number {
  let value = standingFloor(standing, period);
  if (end <= start) return value;
  for (const o of offers) {
    const windowed = o.start !== 0 || o.end !== 0;
    if (!o.open || !windowed || o.start >= end || o.end <= start || o.raisedPeriod >= period) continue;
    const from = Math.max(o.start, start);
    const to = Math.min(o.end, end);
    value += Math.floor((o.price * o.capacity * (to - from)) / (end - start));
  }
  return value;
}
