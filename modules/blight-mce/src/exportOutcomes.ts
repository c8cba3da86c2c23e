import type { MceRecord } from '@citysync/schemas';
import type { Address, Hex } from 'viem';

/** One completion of an event task, as the TaskBoard's events tell it. */
export type EventCompletion = {
  completionId: bigint;
  taskId: bigint;
  participant: Address;
  /** The task's zone (bytes32 H3 index). */
  zoneId: Hex;
  /** Unix seconds of the block that recorded the submission. */
  submittedAt: bigint;
  status: 'submitted' | 'verified' | 'rejected';
  /** A verifier approved it (k-of-n) before it was rejected. */
  approved: boolean;
};

export type MeasureOutcomesParameters = {
  start: bigint;
  end: bigint;
  completions: readonly EventCompletion[];
  /** Everyone who submitted a completion anywhere in the city before the event started. */
  activeBefore: ReadonlySet<Address>;
  /** Registered zones of the event. */
  zones: readonly Hex[];
};

export type MeasuredOutcomes = Pick<
  MceRecord['outcomes'],
  'completions' | 'verified' | 'rejected' | 'disputes' | 'verificationRate' | 'participants' | 'retention' | 'newcomers' | 'zonesCleared' | 'timeline'
>;

const HOUR = 3_600n;
const DAY = 24n * HOUR;

/** Shares are rounded to 4 decimals: enough to compare against thresholds, stable to read. */
const share = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

/**
 * The timeline's interval: an eighth of the window in whole hours (6 h for 48 h), at least an hour, so any event
 * reads as a handful of points whatever its length.
 */
export function timelineInterval(start: bigint, end: bigint): bigint {
  const eighth = (end - start) / 8n;
  return eighth < HOUR ? HOUR : (eighth / HOUR) * HOUR;
}

/**
 * What the event achieved, from its completions alone (no chain access: the caller reads the events):
 *
 * - completions / verified / rejected: every completion submitted on the event's tasks, by its final state.
 * - disputes: the TaskBoard has no dispute process, so a dispute is where verifiers disagreed: a completion a
 *   verifier approved and that was then rejected (always 0 when issuers verify alone, as in this module).
 * - verificationRate: verified without dispute / completions (a disputed completion is never verified, so this is
 *   verified / completions); 0 when nothing was submitted.
 * - participants: distinct accounts with at least one completion (the record's definition; the manifest's
 *   `participants` metric counts verified ones).
 * - retention: of the participants active on the first day (the first 24 h, or the first half of a shorter
 *   window), the share that submitted again later in the event: whether people came back.
 * - newcomers: participants who had submitted nothing anywhere in the city before the event started.
 * - zonesCleared: registered zones whose completions were all verified (at least one, none rejected or pending).
 * - timeline: completions submitted per interval ({@link timelineInterval}) from the start, every interval of the
 *   window listed, empty ones as 0, so the shape of the surge is visible.
 */
export function measureOutcomes(parameters: MeasureOutcomesParameters): MeasuredOutcomes {
  const { start, end, completions, activeBefore } = parameters;
  const verified = completions.filter((c) => c.status === 'verified').length;
  const rejected = completions.filter((c) => c.status === 'rejected').length;
  const disputes = completions.filter((c) => c.status === 'rejected' && c.approved).length;

  const participants = new Set(completions.map((c) => c.participant));
  const firstDayEnd = start + (end - start < 2n * DAY ? (end - start) / 2n : DAY);
  const firstDay = new Set(completions.filter((c) => c.submittedAt < firstDayEnd).map((c) => c.participant));
  const later = new Set(completions.filter((c) => c.submittedAt >= firstDayEnd).map((c) => c.participant));
  const returned = [...firstDay].filter((p) => later.has(p)).length;

  const zonesCleared = parameters.zones.filter((zone) => {
    const inZone = completions.filter((c) => c.zoneId === zone);
    return inZone.length > 0 && inZone.every((c) => c.status === 'verified');
  }).length;

  const interval = timelineInterval(start, end);
  const timeline: MeasuredOutcomes['timeline'] = [];
  for (let at = start; at < end; at += interval) {
    const count = completions.filter((c) => c.submittedAt >= at && c.submittedAt < at + interval).length;
    timeline.push({ at: isoOf(at), completions: count });
  }

  return {
    completions: completions.length,
    verified,
    rejected,
    disputes,
    verificationRate: share(verified, completions.length),
    participants: participants.size,
    retention: share(returned, firstDay.size),
    newcomers: [...participants].filter((p) => !activeBefore.has(p)).length,
    zonesCleared,
    timeline,
  };
}

/** Unix seconds as an RFC 3339 date-time in UTC, without milliseconds (chain time has none). */
export function isoOf(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
}
