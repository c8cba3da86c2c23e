import type { Address } from 'viem';
import { readContract } from 'viem/actions';

import { CivicCreditAbi } from '@citysync/contracts';
import type { CityReadClient } from '@citysync/sdk';

/**
 * The ledger's period clock (CivicCredit): period `offset` starts at `origin` (unix seconds) and each period lasts
 * `length` seconds, so a timestamp `t >= origin` falls in period `offset + floor((t - origin) / length)`. The
 * clock changes only through `setPeriodLength`, which starts a new segment at the next period (a
 * `PeriodClockSet` event); period indexes only ever increase.
 */
export type PeriodClock = { offset: number; origin: number; length: number };

export type ReadPeriodClockParameters = { credit: Address };

/** One read of the ledger's current period clock (`currentPeriodBounds`), valid from the current period on. */
export async function readPeriodClock(client: CityReadClient, { credit }: ReadPeriodClockParameters): Promise<PeriodClock> {
  const [period, start, end] = await readContract(client, {
    address: credit,
    abi: CivicCreditAbi,
    functionName: 'currentPeriodBounds',
  });
  return { offset: period, origin: Number(start), length: Number(end - start) };
}

/**
 * The clock's segments, oldest first: the `PeriodClockSet` events the index holds plus the clock read now (which
 * covers a clock set before the indexed range). A timestamp belongs to the last segment starting at or before
 * it; timestamps before the first segment are extrapolated backwards on it.
 */
export class PeriodCalendar {
  readonly segments: readonly PeriodClock[];

  constructor(indexed: readonly PeriodClock[], current: PeriodClock) {
    const all = [...indexed, current].sort((a, b) => a.origin - b.origin);
    this.segments = all.filter((s, i) => {
      const previous = all[i - 1];
      // The clock read now is usually the last indexed segment moved forward: drop such repeats.
      return (
        previous === undefined ||
        previous.length !== s.length ||
        (s.origin - previous.origin) % s.length !== 0 ||
        previous.offset + (s.origin - previous.origin) / s.length !== s.offset
      );
    });
  }

  private segmentOfTime(t: number): PeriodClock {
    let found = this.segments[0] as PeriodClock;
    for (const s of this.segments) if (s.origin <= t) found = s;
    return found;
  }

  /** The period of timestamp `t`. */
  periodOf(t: number): number {
    const s = this.segmentOfTime(t);
    return s.offset + Math.floor((t - s.origin) / s.length);
  }

  /** First second of `period` and first second after it. */
  bounds(period: number): { start: number; end: number } {
    let found = this.segments[0] as PeriodClock;
    for (const s of this.segments) if (s.offset <= period) found = s;
    const start = found.origin + (period - found.offset) * found.length;
    return { start, end: start + found.length };
  }

  /** A SQL expression giving the period of the integer column `column` (SQLite division truncates: floor it). */
  sql(column: string): string {
    const [first, ...rest] = this.segments as [PeriodClock, ...PeriodClock[]];
    const at = (s: PeriodClock) =>
      `WHEN ${column} >= ${s.origin} THEN ${s.offset} + (${column} - ${s.origin}) / ${s.length}`;
    return `(CASE ${rest
      .reverse()
      .map(at)
      .join(' ')} ${at(first)} ELSE ${first.offset} - ((${first.origin} - ${column} + ${first.length} - 1) / ${first.length}) END)`;
  }
}
