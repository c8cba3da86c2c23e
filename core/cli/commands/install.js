// dpan install, update, uninstall, status, audit-installed: modules from the registry in a city.
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/install');

export function register(program, kit) {
  const { Option } = kit;
  const membersOption = () => new Option('--members <indexes>', 'dev account indexes to sign as committee members (default: 0-19)');
  kit
    .onRegistry(
      kit.onChain(
        kit
          .command(
            program,
            'install',
            "install a module from the registry: verify bytes and audits against the chain and the city's policy, preview, install through the kernel, lock",
            [
              'dpan install @berkeley/dpan-disaster-prep@^1.0.0 --city examples/berkeley --dry-run',
              'dpan install @cdmx/dpan-disaster-prep --city cdmx --set budget.perPeriod=20000',
            ],
          )
          .argument('<name[@range]>', 'package name, with a semver range, exact version or dist-tag (default: latest)'),
      ),
      { json: false },
    )
    .option('--dry-run', 'verify and print the preview; send nothing, write nothing')
    .option('--propose', 'propose it as one operation: checks, preview, the kernel prepare and your committees\' proposals; members approve with dpan approve, anyone applies with dpan apply')
    .addOption(membersOption())
    .option('--redeemer <offering=index...>', "open the module's standing offering as this dev account (an accredited redeemer)")
    .option('--set <key=value...>', 'override a module parameter inside its bounds (e.g. budget.perPeriod=20000)')
    .action(kit.run(implementation, 'install'));
  kit
    .onRegistry(
      kit.onChain(
        kit
          .command(program, 'update', 'update installed modules (all in dpan-lock.json, or the one named) to the newest installable version in range', [
            'dpan update',
            'dpan update @cdmx/dpan-disaster-prep@^2.1.0 --city cdmx',
          ])
          .argument('[name[@range]]', 'one module, with a range (default: ^installed version)'),
      ),
      { json: false },
    )
    .option('--dry-run', 'verify and print the preview; send nothing, write nothing')
    .option('--propose', 'propose it as one operation: checks, preview, the kernel prepare and your committees\' proposals; members approve with dpan approve, anyone applies with dpan apply')
    .addOption(membersOption())
    .option('--set <key=value...>', 'override a module parameter inside its bounds')
    .action(kit.run(implementation, 'update'));
  kit
    .onChain(
      kit
        .command(program, 'uninstall', 'uninstall a module through the kernel and committees: roles revoked, task policy cleared, budget line closed', [
          'dpan uninstall @cdmx/dpan-disaster-prep --city cdmx',
        ])
        .argument('<name>', 'installed module name'),
    )
    .addOption(membersOption())
    .option('--propose', 'propose it as one operation: checks, preview, the kernel prepare and your committees\' proposals; members approve with dpan approve, anyone applies with dpan apply')
    .action(kit.run(implementation, 'uninstall'));
  kit
    .onRegistry(
      kit.onChain(
        kit.command(program, 'status', 'the city, its chain, its installed modules and their advisories (yanked, failed or revoked audits)', [
          'dpan status --city cdmx',
        ]),
        { signer: false },
      ),
      { json: false },
    )
    .action(kit.run(implementation, 'status'));
  kit
    .onRegistry(
      kit.onChain(
        kit.command(program, 'audit-installed', 'check every installed module against the registry again; exit 1 on any advisory', [
          'dpan audit-installed --city cdmx --json',
        ]),
        { signer: false },
      ),
      { json: false },
    )
    .action(kit.run(implementation, 'auditInstalled'));
}
