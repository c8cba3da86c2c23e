import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { coverageChart, flowsChart, indicatorsChart, svgToPng } from './charts.js';
import { type Detection, detect } from './detection.js';
import { type YearResult, runYear } from './runYear.js';
import type { AdversaryName, PolicySpec, Scenario } from './scenario.js';
import { type PeriodFigures, type PolicySummary, periodFigures, summarise } from './summary.js';

export type SimulationResults = {
  scenario: string;
  description: string | undefined;
  seed: number;
  periods: number;
  participants: number;
  /** The command that wrote this file. */
  command: string;
  policies: { name: string; kind: PolicySpec['kind']; summary: PolicySummary; periods: PeriodFigures[] }[];
  adversaries: (Detection & { policy: string; summary: PolicySummary })[];
};

export type SimulateParameters = {
  scenario: Scenario;
  /** Policy names to run (default: all of the scenario's). */
  policies?: readonly string[] | undefined;
  /** Run the scenario's adversaries (each a year under the first step policy). Default true. */
  adversaries?: boolean | undefined;
  /** Where to write <scenario>.json and the charts; nothing is written without it. */
  outDir?: string | undefined;
  command?: string | undefined;
  /** After each simulated period: done and total periods over all the years to run. */
  onProgress?: ((done: number, total: number, label: string) => void) | undefined;
};

export type SimulateReturnType = {
  results: SimulationResults;
  files: string[];
  /** Wall-clock seconds of the policies' years (without adversaries and charts): simYearSeconds. */
  policySeconds: number;
};

/** Runs the scenario's policies (and adversaries) on the same seed and writes the results and charts. */
export function simulate(parameters: SimulateParameters): SimulateReturnType {
  const s = parameters.scenario;
  const policies = s.policies.filter((p) => parameters.policies === undefined || parameters.policies.includes(p.name));
  const adversaryPolicy = s.policies.find((p) => p.kind === 'step');
  const adversaries = (parameters.adversaries ?? true) && adversaryPolicy ? (Object.keys(s.adversaries ?? {}) as AdversaryName[]) : [];
  const total = s.periods * (policies.length + adversaries.length);
  let done = 0;
  const progress = (label: string) => () => parameters.onProgress?.(++done, total, label);

  const started = performance.now();
  const years: YearResult[] = policies.map((policy) => runYear(s, policy, { onPeriod: progress(policy.name) }));
  const policySeconds = (performance.now() - started) / 1000;
  try {
    const detections = adversaries.map((adversary) => {
      const policy = adversaryPolicy as PolicySpec;
      const honest = years.find((y) => y.policy.name === policy.name) ?? runYear(s, policy);
      const attacked = runYear(s, policy, { adversary, onPeriod: progress(adversary) });
      try {
        return { ...detect(adversary, attacked, honest, s), policy: policy.name, summary: summarise(attacked, s) };
      } finally {
        attacked.index.close();
        if (!years.includes(honest)) honest.index.close();
      }
    });
    const results: SimulationResults = {
      scenario: s.name,
      description: s.description,
      seed: s.seed,
      periods: s.periods,
      participants: s.participants.initial,
      command: parameters.command ?? `npm run simulate -- ${s.name}`,
      policies: years.map((y) => ({ name: y.policy.name, kind: y.policy.kind, summary: summarise(y, s), periods: y.periods.map(periodFigures) })),
      adversaries: detections,
    };
    const files = parameters.outDir ? write(parameters.outDir, s, results) : [];
    return { results, files, policySeconds };
  } finally {
    for (const y of years) y.index.close();
  }
}

function write(outDir: string, s: Scenario, results: SimulationResults): string[] {
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const json = join(outDir, `${s.name}.json`);
  writeFileSync(json, `${JSON.stringify(results, null, 1)}\n`);
  files.push(json);
  const charts = { indicators: indicatorsChart, flows: flowsChart, coverage: coverageChart };
  for (const [name, chart] of Object.entries(charts)) {
    const { svg } = chart(s, results.policies);
    const base = join(outDir, `${s.name}-${name}`);
    writeFileSync(`${base}.svg`, svg);
    writeFileSync(`${base}.png`, svgToPng(svg));
    files.push(`${base}.svg`, `${base}.png`);
  }
  return files;
}
