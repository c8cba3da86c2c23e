import {
  type Address,
  BaseError,
  type Chain,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  type PublicClient,
  type Transport,
  parseAbi,
} from 'viem';
import { getBlock, readContract } from 'viem/actions';

import { CityForwarderAbi } from '@citysync/contracts';
import type { CityContracts } from '@citysync/sdk';

export type ForwarderDomain = { name: string; version: string; chainId: number; verifyingContract: Address };

export type ChainHead = { number: bigint; hash: string; timestamp: bigint; readAt: number };

const erc2771ContextAbi = parseAbi(['function isTrustedForwarder(address forwarder) view returns (bool)']);

/** How old a cached head may be before a check reads a new one. */
const HEAD_MAX_AGE_MS = 500;

/**
 * What the relayer reads from the chain again and again, cached where it cannot change: the forwarder's EIP-712
 * domain, which city contracts trust the forwarder, and the latest block (for deadlines), kept at most 500 ms old.
 */
export class ChainView {
  private domain: Promise<ForwarderDomain> | undefined;
  private readonly trusted = new Map<string, Promise<boolean>>();
  private head: ChainHead | undefined;
  private headReading: Promise<ChainHead> | undefined;
  /** The city's contracts by lower-case address, with their name (for messages). */
  readonly cityContracts: ReadonlyMap<string, string>;

  constructor(
    readonly client: PublicClient<Transport, Chain | undefined>,
    readonly contracts: CityContracts,
  ) {
    const names = ['manager', 'forwarder', 'accreditation', 'credit', 'votes', 'issuance', 'taskBoard', 'governor', 'kernel'] as const;
    const entries: [string, string][] = names.map((name) => [contracts[name].toLowerCase(), name]);
    for (const [name, address] of Object.entries(contracts.committees)) entries.push([address.toLowerCase(), `committees.${name}`]);
    for (const [name, address] of Object.entries(contracts.vault ?? {})) entries.push([address.toLowerCase(), `vault.${name}`]);
    this.cityContracts = new Map(entries);
  }

  get forwarder(): Address {
    return this.contracts.forwarder;
  }

  forwarderDomain(): Promise<ForwarderDomain> {
    this.domain ??= readContract(this.client, { address: this.forwarder, abi: CityForwarderAbi, functionName: 'eip712Domain' }).then(
      ([, name, version, chainId, verifyingContract]) => ({ name, version, chainId: Number(chainId), verifyingContract }),
    );
    this.domain.catch(() => (this.domain = undefined));
    return this.domain;
  }

  /** Whether the contract at `target` trusts the city's forwarder (a contract without ERC-2771 does not). */
  trustsForwarder(target: Address): Promise<boolean> {
    const key = target.toLowerCase();
    let known = this.trusted.get(key);
    if (known === undefined) {
      known = readContract(this.client, {
        address: target,
        abi: erc2771ContextAbi,
        functionName: 'isTrustedForwarder',
        args: [this.forwarder],
      }).catch((error: unknown) => {
        if (
          error instanceof BaseError &&
          error.walk((e) => e instanceof ContractFunctionRevertedError || e instanceof ContractFunctionZeroDataError)
        ) {
          return false;
        }
        this.trusted.delete(key);
        throw error;
      });
      this.trusted.set(key, known);
    }
    return known;
  }

  /** The latest block, read again when the cached one is older than 500 ms. */
  async latestHead(): Promise<ChainHead> {
    if (this.head !== undefined && Date.now() - this.head.readAt < HEAD_MAX_AGE_MS) return this.head;
    this.headReading ??= getBlock(this.client, { blockTag: 'latest' })
      .then((block) => {
        this.head = { number: block.number, hash: block.hash, timestamp: block.timestamp, readAt: Date.now() };
        return this.head;
      })
      .finally(() => (this.headReading = undefined));
    return await this.headReading;
  }

  /** The last head read, without reading (for /healthz). */
  get lastHead(): ChainHead | undefined {
    return this.head;
  }

  forwarderNonce(signer: Address): Promise<bigint> {
    return readContract(this.client, { address: this.forwarder, abi: CityForwarderAbi, functionName: 'nonces', args: [signer] });
  }
}
