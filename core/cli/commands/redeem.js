// dpan redeem
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/redeem');

export function register(program, kit) {
  kit
    .onChain(kit.command(program, 'redeem', 'redeem units of an offer: the credits are burned', ['dpan redeem 1 --units 2 --account 12']))
    .argument('<offerId>', 'offer id')
    .option('--units <n>', 'units to redeem', '1')
    .action(kit.run(implementation, 'redeem'));
}
