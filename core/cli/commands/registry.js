// dpan registry
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/registry');

export function register(program, kit) {
  const registry = kit.command(
    program,
    'registry',
    'the embedded registry network: npm registry (verdaccio) + registry chain with the ModuleRegistry',
    [
      'dpan registry start',
      'dpan registry adduser berkeley --password s3cret',
      'dpan registry auditor 0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097 --name "Civic Audit Co-op"',
      'dpan registry status',
      'dpan registry stop',
    ],
  );
  kit
    .command(registry, 'start', 'start the embedded registry network in the background (deploys the ModuleRegistry on the first start)', [
      'dpan registry start',
      'dpan registry start --registry-dir /srv/citysync-registry --port 4873',
    ])
    .addOption(kit.options.registryDir())
    .option('--port <port>', 'loopback port of the npm registry (default: a free one)')
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'start'));
  kit
    .command(registry, 'stop', 'stop the embedded registry network (packages, users and chain state stay in --registry-dir)', [
      'dpan registry stop',
    ])
    .addOption(kit.options.registryDir())
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'stop'));
  kit
    .command(registry, 'status', 'say whether the embedded registry network runs, and where', ['dpan registry status --json'])
    .addOption(kit.options.registryDir())
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'status'));
  kit
    .onRegistry(
      kit
        .command(registry, 'adduser', 'create a registry user (or log one in) and print its token for --token / DPAN_REGISTRY_TOKEN', [
          'dpan registry adduser berkeley --password s3cret --email civic-tech@berkeleyca.gov',
        ])
        .argument('<username>', 'user name'),
    )
    .requiredOption('--password <password>', 'password (at least 8 characters for a new user)')
    .option('--email <email>', 'contact address', 'maintainer@example.org')
    .action(kit.run(implementation, 'adduser'));
  kit
    .onRegistry(
      kit
        .command(registry, 'auditor', 'accredit an auditor on the ModuleRegistry (signed by a registry council member)', [
          'dpan registry auditor 0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097 --name "Civic Audit Co-op"',
        ])
        .argument('<address>', "the auditor's address on the registry chain"),
      { signer: true },
    )
    .requiredOption('--name <text>', "who the auditor is (its hash is recorded)")
    .action(kit.run(implementation, 'auditor'));
}
