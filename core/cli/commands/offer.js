// dpan offer
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/offer');

export function register(program, kit) {
  const offer = kit.command(program, 'offer', 'redemption offers', ['dpan offer create --price 5 --capacity 200 --account 6']);
  kit
    .onChain(
      kit.command(offer, 'create', 'open a redemption offer as an accredited redeemer', [
        'dpan offer create --price 5 --capacity 200 --metadata "AC Transit day pass" --account 6',
      ]),
    )
    .requiredOption('--price <credits>', 'credits per unit')
    .requiredOption('--capacity <units>', 'units redeemable per period')
    .option('--start <time>', 'time-limited offer: first second (Unix seconds or ISO date)')
    .option('--end <time>', 'time-limited offer: first second after the window')
    .option('--metadata <text>', 'offer description (its keccak256 is recorded on chain)')
    .action(kit.run(implementation, 'create'));
}
