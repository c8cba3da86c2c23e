import type { BesuGenesis, GenesisAccount } from '@citysync/schemas';
import { type Address, numberToHex, parseEther } from 'viem';

import { encodeQbftExtraData } from './extraData.js';

/** Defaults of a city's production chain. */
export const qbftDefaults = {
  /** Seconds between blocks. */
  blockPeriodSeconds: 2,
  /** Blocks after which pending validator votes are reset (Besu's documented value). */
  epochLength: 30_000,
  /**
   * Block gas limit: 100 M. CityFactory.deployCity (the largest transaction a city sends) used 6.4 M for Berkeley,
   * and with a zero gas price a large limit costs nobody anything.
   */
  gasLimit: 100_000_000n,
  /** Balance given to validators and committee members: meaningless at a zero gas price, harmless, handy for tools that check it. */
  fundedBalance: parseEther('1000'),
} as const;

/** The QBFT/IBFT 2.0 mix hash Besu requires in a BFT genesis. */
export const qbftMixHash = '0x63746963616c2062797a616e74696e65206661756c7420746f6c6572616e6365';

export type BuildQbftGenesisParameters = {
  chainId: number;
  /** Validator (node key) addresses, in the order written to extraData. */
  validators: readonly Address[];
  /** Default {@link qbftDefaults}.blockPeriodSeconds. */
  blockPeriodSeconds?: number | undefined;
  /** Default: twice the block period, at least 4 (a round must outlast a block period). */
  requestTimeoutSeconds?: number | undefined;
  epochLength?: number | undefined;
  gasLimit?: bigint | undefined;
  /** Accounts funded besides the validators (committee members, guardians). */
  funded?: readonly Address[] | undefined;
  fundedBalance?: bigint | undefined;
  /** Accounts with code (the predeploys), by address. */
  predeploys?: Readonly<Record<Address, GenesisAccount>> | undefined;
};

/**
 * A Hyperledger Besu QBFT genesis: every fork up to Cancun active from genesis (the core contracts are compiled for
 * Cancun), a zero base fee, the validators in extraData, funded accounts and predeploys in alloc. Pure: the same
 * parameters always give the same file (timestamp 0), so each institution can regenerate it and compare. Accounts carry
 * no `comment` (Besu would take one; anvil --init refuses it): predeploys.json and README.md name them.
 */
export function buildQbftGenesis(parameters: BuildQbftGenesisParameters): BesuGenesis {
  const blockperiodseconds = parameters.blockPeriodSeconds ?? qbftDefaults.blockPeriodSeconds;
  const fundedBalance = numberToHex(parameters.fundedBalance ?? qbftDefaults.fundedBalance);
  const alloc: Record<string, GenesisAccount> = {};
  for (const address of [...parameters.validators, ...(parameters.funded ?? [])]) {
    alloc[address.toLowerCase()] = { balance: fundedBalance };
  }
  for (const [address, account] of Object.entries(parameters.predeploys ?? {})) {
    alloc[address.toLowerCase()] = { ...account };
  }
  return {
    config: {
      chainId: parameters.chainId,
      homesteadBlock: 0,
      eip150Block: 0,
      eip155Block: 0,
      eip158Block: 0,
      byzantiumBlock: 0,
      constantinopleBlock: 0,
      petersburgBlock: 0,
      istanbulBlock: 0,
      berlinBlock: 0,
      londonBlock: 0,
      shanghaiTime: 0,
      cancunTime: 0,
      zeroBaseFee: true,
      qbft: {
        blockperiodseconds,
        epochlength: parameters.epochLength ?? qbftDefaults.epochLength,
        requesttimeoutseconds: parameters.requestTimeoutSeconds ?? Math.max(4, blockperiodseconds * 2),
      },
    },
    nonce: '0x0',
    timestamp: '0x0',
    extraData: encodeQbftExtraData(parameters.validators),
    gasLimit: numberToHex(parameters.gasLimit ?? qbftDefaults.gasLimit),
    difficulty: '0x1',
    mixHash: qbftMixHash,
    coinbase: '0x0000000000000000000000000000000000000000',
    alloc,
    number: '0x0',
    gasUsed: '0x0',
    parentHash: '0x0000000000000000000000000000000000000000000000000000000000000000',
  };
}
