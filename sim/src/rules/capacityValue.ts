/**
 * RedemptionDesk.capacityValue(start, end): the value of redemption capacity that backs issuance in [start, end),
 * the sum of capacity x price over the open standing offers plus the time-limited offers whose window overlaps it.
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
};

export function capacityValue(offers: Iterable<OfferState>, start: number, end: number): number {
  let value = 0;
  for (const o of offers) {
    if (!o.open) continue;
    const windowed = o.start !== 0 || o.end !== 0;
    if (!windowed || (o.start < end && o.end > start)) value += o.price * o.capacity;
  }
  return value;
}
