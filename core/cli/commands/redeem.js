// dpan redeem
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/redeem');

export function register(program, kit) {
  kit
    .onChain(kit.command(program, 'redeem', 'redeem units of an offer: the credits are burned', ['dpan redeem 1 --units 2 --account 12', 'dpan redeem 1 --units 2 --max-credits 20 --account 12']))
    .argument('<offerId>', 'offer id')
    .option('--units <n>', 'units to redeem', '1')
    .option('--max-credits <n>', 'most credits the redemption may burn (default: units x the offer price now, shown)')
    .action(kit.run(implementation, 'redeem'));
}
