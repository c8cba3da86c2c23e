// dpan health
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/health');

export function register(program, kit) {
  kit
    .onChain(
      kit.command(program, 'health', 'index, then print the four health indicators per period, their bands and the coverage plan', [
        'dpan health',
        'dpan health --json',
        'dpan health --propose --account 2',
      ]),
    )
    .option('--propose', "propose the plan's coverage change to the issuance committee (as --account, a member)")
    .action(kit.run(implementation, 'health'));
}
