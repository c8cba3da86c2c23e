import type { BesuGenesis } from '@citysync/schemas';

/**
 * The anvil flags that load a Besu genesis as a rehearsal of the production chain. `--init` brings the chain id and
 * the accounts; anvil ignores qbft, zeroBaseFee, extraData and mixHash, does not read the fork times or the gas limit,
 * and from the genesis' timestamp 0 would stamp its first blocks 0, where an AccessManager role granted "since 0"
 * does not count (Besu stamps blocks with the wall clock). So: the fork, the gas limit, a wall-clock start, and a
 * base fee of 0 when the genesis sets zeroBaseFee (anvil's default base fee would make every sender pay, where on
 * Besu a signer with no ether can send).
 *
 * @example
 * startAnvil({ extraArgs: anvilGenesisArgs('out/genesis.json', genesis) })
 */
export function anvilGenesisArgs(
  genesisPath: string,
  genesis: Pick<BesuGenesis, 'gasLimit'> & { config?: { zeroBaseFee?: boolean | undefined } | undefined },
  now: Date = new Date(),
): string[] {
  return [
    ...['--init', genesisPath, '--hardfork', 'cancun'],
    ...['--gas-limit', BigInt(genesis.gasLimit).toString()],
    ...['--timestamp', String(Math.floor(now.getTime() / 1000))],
    ...(genesis.config?.zeroBaseFee === true ? ['--base-fee', '0'] : []),
  ];
}
