// dpan city
import { loadImplementation } from '../kit/load.js';

const implementation = () => loadImplementation('commands/city');

export function register(program, kit) {
  const city = kit.command(program, 'city', 'create and deploy a city', ['dpan city init oakland', 'dpan city deploy --city oakland']);
  kit
    .command(city, 'init', 'write a new city directory (city.json with comments on what to change, governance.json)', [
      'dpan city init oakland --name Oakland --ticker OAKL',
    ])
    .argument('<dir>', 'directory to create (must be missing or empty)')
    .option('--name <name>', 'city name', 'Berkeley')
    .option('--ticker <ticker>', 'credit ticker, 3 to 6 capital letters', 'BRKY')
    .addOption(kit.options.json())
    .action(kit.run(implementation, 'init'));
  kit
    .onChain(
      kit.command(city, 'deploy', "deploy the city's contracts from city.json and record them in .citysync/deployment.json", [
        'dpan city deploy',
        'dpan city deploy --city oakland --rpc http://127.0.0.1:8545 --private-key 0x...',
      ]),
    )
    .option('--force', 'deploy again although deployment.json records a city whose contracts are on this chain')
    .option(
      '--predeploys <file>',
      "reuse the factory and implementations a production chain's genesis predeploys (predeploys.json of dpan chain genesis)",
    )
    .action(kit.run(implementation, 'deploy'));
}
