// `npm run bench:sim [-- --parallel]`: simYearSeconds, the default scenario's year (10,000 residents, 52 weekly
// periods) under the three policies the issue compares (fixed cap, the current rule, a proportional step), same
// seed, without the adversaries' years and the charts: one after the other in this process, or with --parallel one
// child process per policy (the machine has 2 cores). Prints and writes bench/results/sim.json (or sim-parallel.json)
// with the CPU seconds beside the wall clock (on a shared machine, wall time = CPU time + time spent waiting for a
// core) and each policy's share of green-or-amber periods.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { loadScenario, simulate } from '@citysync/sim';

const POLICIES = ['fixed-cap', 'current-rule', 'proportional'];
const scenario = loadScenario('default');
const round = (x: number) => Math.round(x * 1000) / 1000;
const loadBefore = loadavg()[0] ?? 0;
const parallel = process.argv.includes('--parallel');
type Summary = { name: string; summary: ReturnType<typeof simulate>['results']['policies'][number]['summary'] };

/** Each policy in its own process (same flags as this one); resolves with their summaries and the wall clock. */
function inChildren(): Promise<{ summaries: Summary[]; seconds: number }> {
  const script = fileURLToPath(new URL('./policy-year.ts', import.meta.url));
  const started = performance.now();
  const children = POLICIES.map(
    (name) =>
      new Promise<Summary>((done, fail) => {
        execFile(process.execPath, [...process.execArgv, script, name], { maxBuffer: 1 << 24 }, (error, stdout) =>
          error ? fail(error) : done(JSON.parse(stdout) as Summary),
        );
      }),
  );
  return Promise.all(children).then((summaries) => ({ summaries, seconds: (performance.now() - started) / 1000 }));
}

const cpu = process.cpuUsage();
let summaries: Summary[];
let seconds: number;
if (parallel) {
  const run = await inChildren();
  summaries = run.summaries;
  seconds = run.seconds;
} else {
  const { results, policySeconds } = simulate({ scenario, policies: POLICIES, adversaries: false });
  summaries = results.policies;
  seconds = policySeconds;
}
const used = process.cpuUsage(cpu);
const result = {
  simYearSeconds: round(seconds),
  mode: parallel ? 'one process per policy' : 'one process, policies one after the other',
  // The children's CPU time is not collected: only a sequential run reports it.
  cpuSeconds: parallel ? null : round((used.user + used.system) / 1e6),
  policies: Object.fromEntries(summaries.map((p) => [p.name, { greenOrAmber: p.summary.greenOrAmber, red: p.summary.red, redPeriodsWithSignal: `${p.summary.redPeriodsWithSignal}/${p.summary.redPeriods}` }])),
  scenario: scenario.name,
  participants: scenario.participants.initial,
  periods: scenario.periods,
  command: parallel ? 'npm run bench:sim -- --parallel' : 'npm run bench:sim',
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version },
  // Other processes compete for the cores: a load average above the core count inflates the wall clock.
  loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0] ?? 0) },
  measuredAt: new Date().toISOString(),
};
const out = resolve(dirname(fileURLToPath(import.meta.url)), `../results/${parallel ? 'sim-parallel' : 'sim'}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
