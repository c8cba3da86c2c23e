import { resolve } from 'node:path';

import { SchemaValidationError } from '@citysync/schemas';
import { type SimulationResults, SimScenarioError, loadScenario, simulate as simulateScenario } from '@citysync/sim';

import { type OutputOptions, defineCommand } from '../command.js';
import { createProgress } from '../progress.js';

export type SimulateOptions = OutputOptions & { out: string; policy?: string[] | undefined; adversaries: boolean };

export type SimulateResult = {
  scenario: string;
  files: string[];
  /** Seconds the policies' years took (the adversaries' years and the charts excluded). */
  policySeconds: number;
  policies: { name: string; summary: SimulationResults['policies'][number]['summary'] }[];
  adversaries: SimulationResults['adversaries'];
};

/** `dpan simulate [scenario]`: the scenario's year under each policy, with a progress bar over the periods. */
export const simulate = defineCommand(
  async (scenarioName: string, options: SimulateOptions): Promise<SimulateResult> => {
    const scenario = loadScenario(scenarioName);
    const progress = createProgress(`simulating ${scenario.name}`, 1);
    try {
      const { results, files, policySeconds } = simulateScenario({
        scenario,
        policies: options.policy,
        adversaries: options.adversaries,
        outDir: resolve(options.out),
        command: `dpan simulate ${scenarioName}`,
        onProgress: (done, total, label) => {
          progress.setTotal(total);
          progress.update(done, label);
        },
      });
      return {
        scenario: scenario.name,
        files,
        policySeconds,
        policies: results.policies.map((p) => ({ name: p.name, summary: p.summary })),
        adversaries: results.adversaries,
      };
    } finally {
      progress.stop();
    }
  },
  {
    render: (r) =>
      [
        `${r.scenario}: ${r.policies.length} policies in ${r.policySeconds.toFixed(1)} s`,
        'policy            green  amber  red    red with signal',
        ...r.policies.map(
          (p) =>
            `${p.name.padEnd(18)}${p.summary.green.toFixed(2).padEnd(7)}${p.summary.amber.toFixed(2).padEnd(7)}${p.summary.red.toFixed(2).padEnd(7)}${p.summary.redPeriodsWithSignal}/${p.summary.redPeriods}`,
        ),
        ...r.adversaries.map(
          (a) => `${a.adversary}: ${a.periodsToDetect === null ? 'not detected' : `detected ${a.periodsToDetect} periods after it started`} (${a.figure.name}: ${a.figure.firstFlagged ?? 'never'})`,
        ),
        ...r.files.map((f) => `wrote ${f}`),
      ].join('\n'),
    usageErrors: [SimScenarioError, SchemaValidationError],
  },
);
