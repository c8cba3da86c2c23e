// The outcome metrics from decoded events alone (the e2e test reads the same from a chain).
import { toId } from '@citysync/sdk';
import { describe, expect, it } from 'vitest';

import { type PreparednessEvents, computePreparednessMetrics } from '../src/metrics.js';

const A = '0x00000000000000000000000000000000000000a1';
const B = '0x00000000000000000000000000000000000000b2';
const C = '0x00000000000000000000000000000000000000c3';
const hills = toId('north-berkeley-hills');
const flats = toId('west-berkeley-flats');

const events: PreparednessEvents = {
  tasks: [
    { taskId: 1n, taskType: toId('cert-basics'), zoneId: toId('fire-station-2'), slots: 30 },
    { taskId: 2n, taskType: toId('go-bag-check'), zoneId: hills, slots: 50 },
    { taskId: 3n, taskType: toId('go-bag-check'), zoneId: flats, slots: 50 },
    { taskId: 4n, taskType: toId('drill-participation'), zoneId: hills, slots: 10 },
    { taskId: 5n, taskType: toId('drill-participation'), zoneId: flats, slots: 30 },
  ],
  verified: [
    { completionId: 1n, taskId: 1n, participant: A, credits: 30n },
    { completionId: 2n, taskId: 1n, participant: B, credits: 30n },
    { completionId: 3n, taskId: 2n, participant: A, credits: 10n },
    { completionId: 4n, taskId: 2n, participant: B, credits: 10n },
    { completionId: 5n, taskId: 3n, participant: A, credits: 10n },
    { completionId: 6n, taskId: 4n, participant: A, credits: 15n },
    { completionId: 7n, taskId: 4n, participant: B, credits: 15n },
    { completionId: 8n, taskId: 5n, participant: C, credits: 15n },
    // Another module's task: ignored.
    { completionId: 9n, taskId: 99n, participant: C, credits: 20n },
  ],
  emergencies: [
    { kind: 'activated', emergencyId: 1n, until: 2_000n, budgetCeiling: 500n },
    { kind: 'funded', emergencyId: 1n, taskId: 5n, commitment: 450n, committed: 450n },
    { kind: 'ended', emergencyId: 1n, at: 1_500n },
  ],
};

describe('disaster-prep outcome metrics', () => {
  it('households prepared per zone, drill turnout, trained participants, emergency spending', () => {
    const metrics = computePreparednessMetrics(events, { zones: ['north-berkeley-hills', 'west-berkeley-flats'] });
    expect(metrics.householdsPrepared).toEqual({
      total: 3,
      byZone: [
        { zoneId: hills, zone: 'north-berkeley-hills', households: 2 },
        { zoneId: flats, zone: 'west-berkeley-flats', households: 1 },
      ],
    });
    expect(metrics.drillTurnout.drills).toEqual([
      { taskId: 4n, zoneId: hills, zone: 'north-berkeley-hills', slots: 10, turnout: 2, share: 0.2 },
      { taskId: 5n, zoneId: flats, zone: 'west-berkeley-flats', slots: 30, turnout: 1, share: 1 / 30 },
    ]);
    expect(metrics.drillTurnout).toMatchObject({ total: 3, slots: 40, share: 3 / 40 });
    expect(metrics.trainedParticipants).toBe(2);
    expect(metrics.emergencies).toEqual([{ emergencyId: 1n, until: 1_500n, budgetCeiling: 500n, committed: 450n, minted: 15n, tasks: 1 }]);
  });

  it('an empty record gives zeros, and unnamed zones keep only their id', () => {
    expect(computePreparednessMetrics({ tasks: [], verified: [] })).toEqual({
      householdsPrepared: { total: 0, byZone: [] },
      drillTurnout: { total: 0, slots: 0, share: 0, drills: [] },
      trainedParticipants: 0,
      emergencies: [],
    });
    const unnamed = computePreparednessMetrics(events);
    expect(unnamed.householdsPrepared.byZone[0]).toEqual({ zoneId: hills, zone: undefined, households: 2 });
  });
});
