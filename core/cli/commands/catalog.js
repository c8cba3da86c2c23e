// dpan search, info, lineage: the module catalog across cities.
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/catalog');

export function register(program, kit) {
  kit
    .onRegistry(
      kit
        .command(program, 'search', 'find modules by name, description, keywords and outcome metrics, with their audits', [
          'dpan search disaster',
          'dpan search households-prepared --json',
        ])
        .argument('<text...>', 'words to find, all of them (case-insensitive)'),
    )
    .action(kit.run(implementation, 'search'));
  kit
    .onRegistry(
      kit
        .command(program, 'info', "a module's versions (audits, yanks, lineage, integrity) and one version's parameters, bounds and task types", [
          'dpan info @berkeley/dpan-disaster-prep',
          'dpan info @berkeley/dpan-disaster-prep@1.0.0 --json',
        ])
        .argument('<name[@version]>', 'the module, and the version to detail (default: the latest not yanked)'),
    )
    .action(kit.run(implementation, 'info'));
  kit
    .onRegistry(
      kit
        .command(program, 'lineage', "a module's fork tree across cities: its original, its forks and theirs", [
          'dpan lineage @cdmx/dpan-disaster-prep',
          'dpan lineage @berkeley/dpan-disaster-prep --json',
        ])
        .argument('<name>', 'the module (every recorded version of it is placed in the tree)'),
    )
    .action(kit.run(implementation, 'lineage'));
}
