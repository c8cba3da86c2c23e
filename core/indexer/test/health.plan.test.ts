// Bands and the self-correction rule on hand-made rows: which way the coverage ratio moves, by how much, the
// bounds, and a missing governance parameter named in the error.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { decodeFunctionData } from 'viem';
import { describe, expect, it } from 'vitest';

import { IssuanceControllerAbi } from '@citysync/contracts';
import type { HealthRow } from '../src/health/computeHealth.js';
import { formatHealthTable } from '../src/health/formatHealthTable.js';
import {
  type HealthBand,
  type HealthGovernance,
  HealthParameterError,
  bandOf,
  readHealthParameters,
} from '../src/health/parameters.js';
import { planHealthActions } from '../src/health/planHealthActions.js';

const governance = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../examples/berkeley/governance.json'), 'utf8'),
) as HealthGovernance;

type Bands = { efficiency: HealthBand; spare: HealthBand; balance: HealthBand; share?: HealthBand; retention: HealthBand };

function row({ efficiency, spare, balance, share = 'green', retention }: Bands, complete = true): HealthRow {
  const m = (band: HealthBand) => ({ value: band === 'none' ? null : 0.5, band });
  const bands = [efficiency, spare, balance, share, retention];
  const band = bands.includes('red') ? 'red' : bands.includes('amber') ? 'amber' : 'green';
  return {
    period: 3,
    start: 1_767_225_600,
    end: 1_767_830_400,
    complete,
    issued: 100,
    redeemed: 50,
    creditUseEfficiency: { ...m(efficiency), issued: 400, redeemed: 200, fromPeriod: 0 },
    spareCapacity: { ...m(spare), unitsOffered: 10, unitsRedeemed: 5 },
    balanceAccumulation: {
      band: balance,
      ratio: m(balance),
      topDecileShare: m(share),
      outstanding: 50,
      periodCap: 100,
      holders: 10,
    },
    engagement: { band: retention, retention: m(retention), active: 10, newcomers: 2, retained: 8 },
    band,
  };
}

describe('bands', () => {
  const model = readHealthParameters(governance);
  it('reads higher-is-better and lower-is-better thresholds', () => {
    expect([0.6, 0.59, 0.3, 0.29].map((v) => bandOf(v, model.creditUseEfficiency))).toEqual(['green', 'amber', 'amber', 'red']);
    expect([1.5, 1.6, 3, 3.1].map((v) => bandOf(v, model.balanceAccumulation))).toEqual(['green', 'amber', 'amber', 'red']);
    expect(bandOf(null, model.retention)).toBe('none');
  });

  it('names a missing parameter', () => {
    const { 'health.retention.amber': _, ...parameters } = governance.parameters;
    expect(() => readHealthParameters({ parameters })).toThrow(HealthParameterError);
    expect(() => readHealthParameters({ parameters })).toThrow('governance.json#/parameters/health.retention.amber: missing');
  });
});

describe('planHealthActions', () => {
  it('holds in green', () => {
    const plan = planHealthActions([row({ efficiency: 'green', spare: 'green', balance: 'green', retention: 'green' })], governance, 8000);
    expect(plan).toMatchObject({ band: 'green', direction: 'hold', actions: [] });
  });

  it('lowers coverage one step when credits go unused (amber)', () => {
    const plan = planHealthActions([row({ efficiency: 'amber', spare: 'green', balance: 'green', retention: 'green' })], governance, 8000);
    expect(plan.direction).toBe('lower');
    const [action] = plan.actions;
    expect(action).toMatchObject({ band: 'amber', fromBps: 8000, toBps: 7500, period: 3 });
    expect(decodeFunctionData({ abi: IssuanceControllerAbi, data: action!.data })).toEqual({
      functionName: 'setCoverageRatio',
      args: [7500n],
    });
    expect(action!.description).toMatch(/^# Health self-correction: lower the coverage ratio to 7500 bps/);
  });

  it('lowers coverage when capacity is saturated or balances pile up', () => {
    for (const bands of [
      { efficiency: 'green', spare: 'amber', balance: 'green', retention: 'green' },
      { efficiency: 'green', spare: 'green', balance: 'amber', retention: 'green' },
    ] as const) {
      expect(planHealthActions([row(bands)], governance, 8000).actions[0]?.toBps).toBe(7500);
    }
  });

  it('raises coverage when capacity is plentiful and credits are used, but engagement is weak', () => {
    const plan = planHealthActions([row({ efficiency: 'green', spare: 'green', balance: 'green', retention: 'amber' })], governance, 8000);
    expect(plan.actions[0]).toMatchObject({ direction: 'raise', toBps: 8500 });
  });

  it('stays inside the bounds of issuance.coverageRatioBps', () => {
    const low = planHealthActions([row({ efficiency: 'red', spare: 'green', balance: 'green', retention: 'green' })], governance, 5200);
    expect(low.actions[0]).toMatchObject({ band: 'red', toBps: 5000 });
    const floor = planHealthActions([row({ efficiency: 'red', spare: 'green', balance: 'green', retention: 'green' })], governance, 5000);
    expect(floor.actions).toEqual([]);
    expect(floor.reasons.join(' ')).toMatch(/minimum \(5000 bps\)/);
    // At its bound a red period still reaches the committee: a signal with no call.
    expect(floor.signal).toMatchObject({ period: 3, band: 'red' });
    expect(floor.signal?.description).toMatch(/^# Period 3 is red; no coverage step is possible \(the ratio stays at 5000 bps\)/);
    expect(floor.signal?.description).toMatch(/No call/);
    const high = planHealthActions([row({ efficiency: 'green', spare: 'green', balance: 'green', retention: 'red' })], governance, 9800);
    expect(high.actions[0]?.toBps).toBe(10_000);
  });

  it('drafts a proposal in red and ignores the running period', () => {
    const plan = planHealthActions(
      [
        row({ efficiency: 'red', spare: 'green', balance: 'red', retention: 'green' }),
        row({ efficiency: 'green', spare: 'green', balance: 'green', retention: 'green' }, false),
      ],
      governance,
      8000,
    );
    expect(plan.band).toBe('red');
    expect(plan.actions[0]?.description).toMatch(/^# Draft: period 3 is red; lower the coverage ratio to 7500 bps/);
    expect(plan.actions[0]?.description).toMatch(/deliberation/);
    expect(plan.signal?.description).toBe(plan.actions[0]?.description);
  });

  it('signals every red period, also when no coverage move helps, and never an amber or green one', () => {
    const hold = planHealthActions([row({ efficiency: 'green', spare: 'none', balance: 'green', retention: 'red' })], governance, 8000);
    expect(hold.direction).toBe('hold');
    expect(hold.actions).toEqual([]);
    expect(hold.signal).toMatchObject({ period: 3, band: 'red' });
    const amber = planHealthActions([row({ efficiency: 'amber', spare: 'green', balance: 'green', retention: 'green' })], governance, 5000);
    expect(amber.actions).toEqual([]);
    expect(amber.signal).toBeUndefined();
    const green = planHealthActions([row({ efficiency: 'green', spare: 'green', balance: 'green', retention: 'green' })], governance, 8000);
    expect(green.signal).toBeUndefined();
  });

  it('treats concentration like weak engagement: raise only while capacity and use are green', () => {
    const onlyShare = planHealthActions(
      [row({ efficiency: 'green', spare: 'green', balance: 'green', share: 'amber', retention: 'green' })],
      governance,
      8000,
    );
    expect(onlyShare).toMatchObject({ band: 'amber', direction: 'raise' });
    const shareAndUnused = planHealthActions(
      [row({ efficiency: 'amber', spare: 'green', balance: 'green', share: 'red', retention: 'green' })],
      governance,
      8000,
    );
    expect(shareAndUnused.direction).toBe('lower');
  });
});

describe('formatHealthTable', () => {
  it('aligns the columns and writes the band words', () => {
    const text = formatHealthTable([row({ efficiency: 'amber', spare: 'green', balance: 'green', retention: 'none' })]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^period\s+starts \(UTC\)\s+credit use\s+spare capacity/);
    expect(lines[2]).toMatch(/^\s*3\s+2026-01-01 00:00\s+0\.50 amber\s+0\.50 green/);
    expect(lines[2]).toMatch(/-\s+amber$/);
  });

  it('shows a running period\'s figures without band words', () => {
    const running = row({ efficiency: 'none', spare: 'none', balance: 'none', share: 'none', retention: 'none' }, false);
    running.creditUseEfficiency.value = 0.25;
    const lines = formatHealthTable([row({ efficiency: 'amber', spare: 'green', balance: 'green', retention: 'green' }), running]).split('\n');
    expect(lines[3]).toMatch(/^\s*3\*\s+2026-01-01 00:00\s+0\.25\s+-\s+-\s+-/);
    expect(lines[3]).toMatch(/partial$/);
    expect(lines.at(-1)).toMatch(/not banded until it ends/);
  });
});
