// dpan pending, approve, apply: governed actions as operations that committee members approve from their own
// machines and anyone carries out, read from the chain.
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/operation');

export function register(program, kit) {
  const { Option } = kit;
  kit
    .onChain(
      kit.command(program, 'pending', "the city's open operations, read from its committees' events: per proposal the committee, approvals/threshold and who, when executable, and what is next", [
        'dpan pending --city berkeley --rpc https://rpc.berkeley.example',
        'dpan pending --json',
      ]),
      { signer: false },
    )
    .addOption(new Option('--all', 'complete operations too'))
    .action(kit.run(implementation, 'pending'));
  kit
    .onChain(
      kit.command(program, 'approve', "approve, as the signer, every proposal of an operation that the signer's committees own (proposing those not proposed yet); re-running changes nothing", [
        'dpan approve op-3fa9c2d1e0b4 --keystore library.json --password-file library.pass --rpc https://rpc.berkeley.example',
      ]),
    )
    .argument('<operation>', 'the operation id (dpan pending lists them)')
    .action(kit.run(implementation, 'approve'));
  kit
    .onRegistry(
      kit.onChain(
        kit.command(program, 'apply', 'carry out an operation as far as the chain allows now (anyone may): execute what its delays allow, in order, and say what waits and until when; resumable', [
          'dpan apply op-3fa9c2d1e0b4 --keystore anyone.json --rpc https://rpc.berkeley.example',
        ]),
      ),
      { json: false },
    )
    .argument('<operation>', 'the operation id (dpan pending lists them)')
    .action(kit.run(implementation, 'apply'));
}
