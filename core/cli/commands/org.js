// dpan org
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/org');

export function register(program, kit) {
  const org = kit.command(program, 'org', 'organizations (accreditation by the accreditation committee)', [
    'dpan org accredit 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --roles issuer --account 1',
  ]);
  kit
    .onChain(
      kit.command(org, 'accredit', "propose to the accreditation committee to accredit an organization's account", [
        'dpan org accredit 0x90F79bf6EB2c4f870365E785982E1f101E93b906 --roles issuer --account 1',
        'dpan org accredit 0x15d3...6A65 --roles redeemer --metadata "AC Transit" --account 1 --approve-as 2',
      ]),
    )
    .argument('<address>', "the organization's account")
    .requiredOption('--roles <roles>', 'comma-separated: issuer, verifier, redeemer, auditor, relayer (replaces its roles)')
    .option('--metadata <text>', 'organization record (its keccak256 is recorded on chain)')
    .option(
      '--approve-as <indexes>',
      'embedded chain only: dev accounts (comma-separated) that approve, then fast-forward past the delay and execute',
    )
    .action(kit.run(implementation, 'accredit'));
}
