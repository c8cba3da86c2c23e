// dpan module
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/module');

export function register(program, kit) {
  const module_ = kit.command(program, 'module', 'dPAN modules: install a package into the city through the kernel and its committees', [
    'dpan module install modules/general-economy --redeemer transit-ride=5',
  ]);
  kit
    .onChain(
      kit.command(
        module_,
        'install',
        'install a module package from a directory: kernel prepare, modules committee approval, apply, budget and rate bounds through their committees, standing offers',
        [
          'dpan module install modules/general-economy',
          'dpan module install ../dpan-general-economy --city berkeley --set budget.perPeriod=20000 --redeemer transit-ride=5 --redeemer museum-entry=6',
        ],
      ),
    )
    .argument('<dir>', 'the module package (holds dpan.json)')
    .option(
      '--members <indexes>',
      'embedded chain: dev accounts (comma-separated) that sign for the committees (default: every dev account 0-19 that is a member)',
    )
    .option('--propose', "propose it as one operation: checks, the kernel prepare and your committees' proposals; members approve with dpan approve, anyone applies with dpan apply")
    .option('--redeemer <offering=index...>', 'open a standing offering as this accredited redeemer dev account (repeatable)')
    .option('--set <key=value...>', 'override a module parameter inside its bounds, e.g. budget.perPeriod=20000 (repeatable)')
    .action(kit.run(implementation, 'install'));
}
