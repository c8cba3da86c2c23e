// dpan simulate
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/simulate');

export function register(program, kit) {
  kit
    .command(program, 'simulate', "simulate a year of the city's economy under several coverage policies, and write results and charts", [
      'dpan simulate',
      'dpan simulate crosscheck --out sim-results',
      'dpan simulate ./my-city.scenario.json --policy current-rule --no-adversaries --json',
    ])
    .argument('[scenario]', 'a scenario shipped with @citysync/sim (default, crosscheck) or a scenario JSON file', 'default')
    .option('--out <dir>', 'where to write <scenario>.json and the charts (SVG and PNG)', 'sim-results')
    .option('--policy <name...>', "run only these of the scenario's policies")
    .option('--no-adversaries', "skip the scenario's adversaries")
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'simulate'));
}
