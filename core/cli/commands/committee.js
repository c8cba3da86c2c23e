// dpan committee
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/committee');

const COMMITTEES = 'accreditation | issuance | rates | modules | vault | upgrades';

export function register(program, kit) {
  const { Option } = kit;
  const committee = kit.command(program, 'committee', 'committee proposals: accreditation, issuance, rates, modules, vault, upgrades', [
    'dpan committee propose issuance --target issuance --call "setCoverageRatio(uint256)" --args 9000 --account 1',
    'dpan committee approve issuance 3 --account 2',
    'dpan committee execute issuance 3',
  ]);
  kit
    .onChain(
      kit.command(committee, 'propose', 'propose a call to a committee (the proposer approves it too)', [
        'dpan committee propose issuance --target issuance --call "setCoverageRatio(uint256)" --args 9000 --account 1',
        'dpan committee propose rates --target 0x5FbD...0aa3 --data 0x... --description "raise the rate cap"',
      ]),
    )
    .argument('<committee>', COMMITTEES)
    .requiredOption('--target <contract>', "a city contract's name (credit, issuance, taskBoard, ..., vault, splitter) or an address")
    .option('--call <signature>', 'function to call, e.g. "setCoverageRatio(uint256)"')
    .option('--args <values...>', 'its arguments, in order')
    .addOption(new Option('--data <hex>', 'the encoded call instead of --call/--args').conflicts(['call', 'args']))
    .option('--description <text>', 'what the decision is (its keccak256 is recorded)')
    .action(kit.run(implementation, 'propose'));
  for (const [verb, what, example] of [
    ['approve', 'approve a pending proposal as a member', 'dpan committee approve issuance 3 --account 2'],
    ['execute', 'execute a scheduled proposal whose delay has passed (anyone may)', 'dpan committee execute issuance 3'],
    ['cancel', 'withdraw your own pending proposal, or vote to cancel a scheduled one (the threshold cancels it)', 'dpan committee cancel issuance 3 --account 1'],
  ]) {
    kit
      .onChain(kit.command(committee, verb, what, [example]))
      .argument('<committee>', COMMITTEES)
      .argument('<proposalId>', 'proposal id')
      .action(kit.run(implementation, verb));
  }
}
