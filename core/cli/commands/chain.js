// dpan chain
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/chain');

export function register(program, kit) {
  const chain = kit.command(program, 'chain', "the city's embedded chain (anvil on loopback, state kept in .citysync/chain)", [
    'dpan chain start',
    'dpan chain status',
    'dpan chain stop',
  ]);
  kit
    .command(chain, 'start', 'start the embedded chain in the background (state is loaded from the last stop)', [
      'dpan chain start',
      'dpan chain start --city oakland --port 8545',
    ])
    .addOption(kit.options.city())
    .option('--port <port>', 'loopback port (default: a free one)')
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'start'));
  kit
    .command(chain, 'stop', 'stop the embedded chain, saving its state', ['dpan chain stop'])
    .addOption(kit.options.city())
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'stop'));
  kit
    .command(chain, 'status', 'say whether the embedded chain runs, where, and at which block', ['dpan chain status --json'])
    .addOption(kit.options.city())
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'status'));
  kit
    .command(
      chain,
      'genesis',
      "write a Hyperledger Besu QBFT network for the city's institutions: genesis.json (zero gas price, predeployed factory), predeploys.json, node-<n>/config.toml, README.md",
      [
        'dpan chain genesis --city oakland --validators validators.json --out oakland-chain',
        'dpan chain genesis --city oakland/city.json --validators validators.json --out oakland-chain --block-period 5 --chain-id 4801',
      ],
    )
    .addOption(kit.options.city())
    .requiredOption('--validators <file>', "JSON array of the validators' node addresses (schemas/validators.schema.json)")
    .requiredOption('--out <dir>', 'directory to write (new or empty; see --force)')
    .option('--block-period <seconds>', 'seconds between blocks (default: 2)')
    .option('--chain-id <id>', "chain id (default: city.json's chain.chainId; must equal it when both are given; 31337 only when given here)")
    .option('--no-predeploys', 'leave the CityFactory and shared implementations out of the genesis (dpan city deploy deploys them)')
    .option('--force', 'write into a non-empty --out: the generated files are replaced, other files (node keys) are kept')
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'genesis'));
}
