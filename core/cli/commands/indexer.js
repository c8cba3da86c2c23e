// dpan index
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/indexer');

export function register(program, kit) {
  kit
    .onChain(
      kit.command(program, 'index', "read the city's events into .citysync/index.sqlite (resumes from the last block)", [
        'dpan index',
        'dpan index --json',
      ]),
      { signer: false },
    )
    .action(kit.run(implementation, 'index'));
}
