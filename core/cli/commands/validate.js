// dpan validate
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/validate');

export function register(program, kit) {
  kit
    .command(program, 'validate', 'validate City/Sync files (city.json, governance.json, dpan.json, ...) against their schemas', [
      'dpan validate city.json',
      'dpan validate modules/blight-mce --json',
    ])
    .argument('<paths...>', 'files or directories (every recognised file inside is checked)')
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'validate'));
}
