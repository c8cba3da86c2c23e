// dpan fork
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/fork');

export function register(program, kit) {
  kit
    .onRegistry(
      kit
        .command(
          program,
          'fork',
          "fork a published module version as your city's package: its bytes checked against the chain record, your parameters applied inside the original's bounds, forkedFrom set, a new version line",
          [
            'dpan fork @berkeley/dpan-disaster-prep@1.0.0 --as @cdmx/dpan-disaster-prep --params examples/cdmx/fork-disaster-prep.json',
            'dpan fork @berkeley/dpan-disaster-prep@1.0.0 --as @cdmx/dpan-disaster-prep --params fork.json --out cdmx-disaster-prep --version 2.0.0 --json',
          ],
        )
        .argument('<name@version>', 'the published version to fork (recorded on the ModuleRegistry)'),
    )
    .requiredOption('--as <name>', "the fork's package name, e.g. @cdmx/dpan-disaster-prep")
    .requiredOption('--params <file>', 'fork parameters (schemas/fork-parameters.schema.json): descriptions, titles, rates and bounds to change')
    .option('--out <dir>', 'where to write the fork (must not exist, or be empty; default: ./<name without its scope>)')
    .option('--version <version>', "the fork's first version (default: the next major of the original)")
    .action(kit.run(implementation, 'fork'));
}
