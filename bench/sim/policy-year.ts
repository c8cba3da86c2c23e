// One policy's year of the default scenario, for bench/sim/year.ts --parallel: prints the policy's summary as JSON.
import { loadScenario, runYear, summarise } from '@citysync/sim';

const scenario = loadScenario('default');
const policy = scenario.policies.find((p) => p.name === process.argv[2]);
if (policy === undefined) throw new Error(`no policy ${process.argv[2]} in the default scenario`);
const year = runYear(scenario, policy);
year.index.close();
process.stdout.write(`${JSON.stringify({ name: policy.name, summary: summarise(year, scenario) })}\n`);
