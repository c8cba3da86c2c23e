// The model against the chain: the short scenario runs in the simulator and, call for call, on anvil through the
// real contracts, SDK and indexer. Every period's issued, redeemed, cap, the four indicators, their bands and the
// planned coverage step must be equal, or the model's rules have drifted from the contracts'. The year includes the
// redeemer that inflates its capacity while the cap is fixed: when the contract changes how the cap counts
// capacity, this test fails until sim/src/rules/periodCap.ts follows.
import { beforeAll, describe, expect, it } from 'vitest';

import { type YearResult, loadScenario, runYear } from '@citysync/sim';
import { type ChainPeriod, replayOnChain } from './chainReplay.js';

const scenario = loadScenario('crosscheck');
const policy = scenario.policies.find((p) => p.kind === 'step');

let model: YearResult;
let chain: ChainPeriod[];

beforeAll(async () => {
  if (policy === undefined) throw new Error('crosscheck.json needs a step policy');
  model = runYear(scenario, policy, { record: true, adversary: scenario.adversaries?.capacityInflation ? 'capacityInflation' : undefined });
  model.index.close();
  chain = await replayOnChain(scenario, model.operations ?? []);
}, 300_000);

const figures = (row: ChainPeriod['row']) => ({
  issued: row.issued,
  redeemed: row.redeemed,
  cap: row.balanceAccumulation.periodCap,
  outstanding: row.balanceAccumulation.outstanding,
  creditUseEfficiency: [row.creditUseEfficiency.value, row.creditUseEfficiency.band],
  spareCapacity: [row.spareCapacity.value, row.spareCapacity.band, row.spareCapacity.unitsOffered, row.spareCapacity.unitsRedeemed],
  balanceAccumulation: [row.balanceAccumulation.ratio.value, row.balanceAccumulation.ratio.band],
  topDecileShare: [row.balanceAccumulation.topDecileShare.value, row.balanceAccumulation.topDecileShare.band],
  retention: [row.engagement.retention.value, row.engagement.band, row.engagement.active, row.engagement.newcomers],
  band: row.band,
});

describe('the crosscheck scenario, model vs chain', () => {
  it('runs every period on both', () => {
    expect(chain).toHaveLength(scenario.periods);
    expect(model.periods).toHaveLength(scenario.periods);
  });

  it('has the economy the scenario describes: a surge, a redeemer leaving, a cap that binds, capacity inflated', () => {
    const surge = scenario.surge?.period as number;
    expect(model.operations?.flat().filter((op) => op.kind === 'updateOffer').length).toBeGreaterThan(0);
    expect(model.operations?.flat().some((op) => op.kind === 'closeOffer')).toBe(true);
    expect(model.periods[surge]?.row.issued).toBeGreaterThan(model.periods[0]?.row.issued ?? 0);
    expect(model.periods.some((p) => p.unpaid > 0)).toBe(true);
    expect(model.periods.some((p) => p.plan.toBps !== undefined)).toBe(true);
  });

  for (let p = 0; p < scenario.periods; p++) {
    it(`period ${p}: issued, redeemed, cap, the four indicators, bands and the planned step are equal`, () => {
      const m = model.periods[p];
      const c = chain[p];
      expect(m && c).toBeTruthy();
      if (!m || !c) return;
      expect(figures(c.row)).toEqual(figures(m.row));
      expect(c.coverageBps).toBe(m.coverageBps);
      expect({ direction: c.plan.direction, toBps: c.plan.actions[0]?.toBps, band: c.plan.band }).toEqual({
        direction: m.plan.direction,
        toBps: m.plan.toBps,
        band: m.plan.band,
      });
    });
  }
});
