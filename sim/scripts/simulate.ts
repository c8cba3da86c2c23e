// `npm run simulate [-- <scenario>...]`: runs each scenario (default: sim/scenarios/default.json) and writes
// sim/results/<scenario>.json with its charts (SVG and PNG).
import { join, relative } from 'node:path';

import { loadScenario, scenariosDir, simulate } from '../src/index.js';

const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const outDir = join(scenariosDir, '..', 'results');
for (const name of names.length > 0 ? names : ['default']) {
  const scenario = loadScenario(name);
  let last = 0;
  const { results, files, policySeconds } = simulate({
    scenario,
    outDir,
    command: `npm run simulate -- ${name}`,
    onProgress: (done, total, label) => {
      const pct = Math.floor((done / total) * 100);
      if (pct >= last + 10 || done === total) {
        last = pct;
        process.stderr.write(`${scenario.name}: ${pct}% (${label})\n`);
      }
    },
  });
  process.stdout.write(`${scenario.name}: ${results.policies.length} policies in ${policySeconds.toFixed(1)} s\n`);
  for (const p of results.policies) process.stdout.write(`  ${p.name}: ${JSON.stringify(p.summary)}\n`);
  for (const a of results.adversaries) process.stdout.write(`  ${a.adversary}: detected after ${a.periodsToDetect} periods ${JSON.stringify(a.indicators)} ${a.figure.name}: ${a.figure.firstFlagged}\n`);
  for (const f of files) process.stdout.write(`  wrote ${relative(process.cwd(), f)}\n`);
}
