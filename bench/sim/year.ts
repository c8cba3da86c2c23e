// `npm run bench:sim`: simYearSeconds, the default scenario's year (10,000 residents, 52 weekly periods) under the
// three policies the issue compares (fixed cap, the current rule, a proportional step), same seed, without the
// adversaries' years and the charts. Prints and writes bench/results/sim.json with the process CPU seconds beside
// the wall clock (on a shared machine, wall time = CPU time + time spent waiting for a core) and each policy's
// share of green-or-amber periods.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadScenario, simulate } from '@citysync/sim';

const POLICIES = ['fixed-cap', 'current-rule', 'proportional'];
const scenario = loadScenario('default');
const round = (x: number) => Math.round(x * 1000) / 1000;
const loadBefore = loadavg()[0] ?? 0;
const cpu = process.cpuUsage();
const { results, policySeconds } = simulate({ scenario, policies: POLICIES, adversaries: false });
const used = process.cpuUsage(cpu);
const result = {
  simYearSeconds: round(policySeconds),
  cpuSeconds: round((used.user + used.system) / 1e6),
  policies: Object.fromEntries(results.policies.map((p) => [p.name, { greenOrAmber: p.summary.greenOrAmber, red: p.summary.red, redPeriodsWithSignal: `${p.summary.redPeriodsWithSignal}/${p.summary.redPeriods}` }])),
  scenario: scenario.name,
  participants: scenario.participants.initial,
  periods: scenario.periods,
  command: 'npm run bench:sim',
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
  // Other processes compete for the cores: a load average above the core count inflates the wall clock.
  loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) },
  measuredAt: new Date().toISOString(),
};
const out = resolve(dirname(fileURLToPath(import.meta.url)), '../results/sim.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
