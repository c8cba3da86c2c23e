/**
 * IssuanceController's period cap. The cap is fixed at the period's first issuance (`_fixCap`): the redemption
 * capacity value at that moment times the coverage ratio, never below what the period already issued; later
 * issuance in the period is charged against it (`_chargeCap`). The capacity value counts only capacity really on
 * offer (`capacityValue.ts`: the standing offers' least value since the period began, time-limited offers opened
 * before the period, weighted by their window), so capacity raised for a moment cannot raise the cap.
 */
const BPS = 10_000;

export type PeriodIssuance = { cap: number; issued: number; capFixed: boolean };

/** `_fixCap`: the cap from the capacity value counted now and the coverage ratio. */
export function fixPeriodCap(p: PeriodIssuance, capacityValueNow: number, ratioBps: number): number {
  let cap = Math.floor((capacityValueNow * ratioBps) / BPS);
  if (cap < p.issued) cap = p.issued;
  p.cap = cap;
  p.capFixed = true;
  return cap;
}

/** `currentCap`: the cap a period would get now (its fixed cap, or the one the next issuance would fix). */
export function currentCap(p: PeriodIssuance, capacityValueNow: number, ratioBps: number): number {
  return p.capFixed ? p.cap : Math.floor((capacityValueNow * ratioBps) / BPS);
}

/** Whether `amount` more fits under the period's cap (`_chargeCap` reverts with CapExceeded otherwise). */
export function fitsCap(p: PeriodIssuance, capacityValueNow: number, ratioBps: number, amount: number): boolean {
  return p.issued + amount <= currentCap(p, capacityValueNow, ratioBps);
}
