import type { BesuGenesis } from '@citysync/schemas';

/**
 * The anvil flags that load a Besu genesis as a rehearsal of the production chain. `--init` brings the chain id and
 * the accounts; anvil ignores qbft, zeroBaseFee, extraData and mixHash, does not read the fork times or the gas limit,
 * and from the genesis' timestamp 0 would stamp its first blocks 0, where an AccessManager role granted "since 0"
 * does not count (Besu stamps blocks with the wall clock). So: the fork, the gas limit and a wall-clock start.
 *
 * @example
 * startAnvil({ extraArgs: anvilGenesisArgs('out/genesis.json', genesis) })
 */
export function anvilGenesisArgs(
  genesisPath: string,
  genesis: Pick<BesuGenesis, 'gasLimit'>,
  now: Date = new Date(),
): string[] {
  return [
    ...['--init', genesisPath, '--hardfork', 'cancun'],
    ...['--gas-limit', BigInt(genesis.gasLimit).toString()],
    ...['--timestamp', String(Math.floor(now.getTime() / 1000))],
  ];
}
