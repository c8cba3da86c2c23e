// dpan publish, dpan audit, dpan yank: a module version on the registry network.
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/publish');

export function register(program, kit) {
  const { Option } = kit;
  kit
    .onRegistry(
      kit
        .command(
          program,
          'publish',
          'validate a module package, pack it, record its integrity and manifest hash on the ModuleRegistry, publish the same tarball to the npm registry',
          [
            'dpan publish modules/disaster-prep --token $TOKEN --account 1',
            'DPAN_REGISTRY_TOKEN=$TOKEN dpan publish ./dpan-disaster-prep --registry http://127.0.0.1:4873 --registry-rpc http://127.0.0.1:8546 --module-registry 0x... --private-key 0x...',
          ],
        )
        .argument('<dir>', 'the module package (package.json and dpan.json with the same name and version)'),
      { signer: true },
    )
    .addOption(new Option('--token <token>', 'registry token (dpan registry adduser prints one)').env('DPAN_REGISTRY_TOKEN'))
    .action(kit.run(implementation, 'publish'));
  kit
    .onRegistry(
      kit
        .command(
          program,
          'audit',
          "attest a recorded module version as an accredited auditor (the report's keccak256 and the verdict go on chain), or --revoke your attestation",
          [
            'dpan audit @berkeley/dpan-disaster-prep@1.0.0 --report audit-2025-06.pdf --verdict pass --account 3',
            'dpan audit @berkeley/dpan-disaster-prep@1.0.0 --revoke --account 3',
          ],
        )
        .argument('<name@version>', 'the recorded version, e.g. @berkeley/dpan-disaster-prep@1.0.0'),
      { signer: true },
    )
    .option('--report <file>', "the audit report (any format; its keccak256 is recorded)")
    .addOption(new Option('--verdict <verdict>', "the auditor's verdict").choices(['pass', 'fail']))
    .option('--revoke', 'withdraw your live attestation instead (kept in the history as revoked)')
    .action(kit.run(implementation, 'audit'));
  kit
    .onRegistry(
      kit
        .command(
          program,
          'yank',
          'yank a recorded module version for good, as a maintainer (with co-maintainers, a vote: a majority with the same reason yanks it): installs refuse it, cities that have it see an advisory',
          ['dpan yank @berkeley/dpan-disaster-prep@1.0.0 --reason "drill rate bounds allow overpayment; use 1.0.1" --account 1'],
        )
        .argument('<name@version>', 'the recorded version, e.g. @berkeley/dpan-disaster-prep@1.0.0'),
      { signer: true },
    )
    .requiredOption('--reason <text>', 'why cities should not install it (1 to 1024 bytes, recorded on chain)')
    .action(kit.run(implementation, 'yank'));
}
