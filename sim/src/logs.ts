import {
  type AbiEvent,
  type Address,
  type Hex,
  encodeAbiParameters,
  encodeEventTopics,
  keccak256,
  pad,
  toHex,
} from 'viem';

import { CivicCreditAbi, IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';
import type { IndexerRpcLog } from '@citysync/indexer';
import { type CityContracts, committeeNames } from '@citysync/sdk';

/** The simulated city's contract addresses: stand-ins, so the indexer routes each event to its table. */
const fixed = (i: number): Address => pad(toHex(0x5100 + i), { size: 20 });
export const simContracts: CityContracts = {
  manager: fixed(1),
  forwarder: fixed(2),
  accreditation: fixed(3),
  credit: fixed(4),
  votes: fixed(5),
  issuance: fixed(6),
  taskBoard: fixed(7),
  governor: fixed(8),
  kernel: fixed(9),
  committees: Object.fromEntries(committeeNames.map((name, i) => [name, fixed(10 + i)])) as CityContracts['committees'],
};

/** Participant `i`'s address, the same in the model and on the chain (impersonated there). */
const addresses: Address[] = [];
export function participantAddress(i: number): Address {
  let a = addresses[i];
  if (a === undefined) {
    a = `0x${(0x5e_0000_0000 + i).toString(16).padStart(40, '0')}`;
    // Residents' addresses are asked for on every event: keep them (adversaries' high indexes are not cached).
    if (i < 1_000_000) addresses[i] = a;
  }
  return a;
}

/** An organization's address in the model (on the chain, each has its own key). */
export function orgAddress(i: number): Address {
  return pad(toHex(0x0a_0000_0000 + i), { size: 20 });
}

/** The bytes32 id of a module or task type, as the SDK derives it from its name. */
export const nameId = (name: string): Hex => keccak256(toHex(name));

type Args = Record<string, unknown>;
type Encoded = { topics: Hex[]; data: Hex };

const word = (type: string, value: unknown): string => {
  if (type.startsWith('uint')) return (value as number | bigint).toString(16).padStart(64, '0');
  if (type === 'address') return (value as string).slice(2).toLowerCase().padStart(64, '0');
  if (type === 'bytes32') return (value as string).slice(2);
  throw new Error(`no word encoding for ${type}`);
};

/**
 * Encodes one event as the chain logs it. Events of static words are encoded word by word (checked once against
 * viem's encodeEventTopics/encodeAbiParameters); events with a tuple go through viem.
 */
function encoder(abi: readonly unknown[], name: string): (args: Args) => Encoded {
  const event = (abi as AbiEvent[]).find((e) => e.type === 'event' && e.name === name) as AbiEvent;
  const indexed = event.inputs.filter((i) => i.indexed);
  const others = event.inputs.filter((i) => !i.indexed);
  const viem = (args: Args): Encoded => ({
    topics: encodeEventTopics({
      abi: [event],
      eventName: name,
      args: Object.fromEntries(indexed.map((i) => [i.name, args[i.name as string]])),
    } as Parameters<typeof encodeEventTopics>[0]) as Hex[],
    data: encodeAbiParameters(others, others.map((i) => args[i.name as string])),
  });
  if (event.inputs.some((i) => i.type === 'tuple')) return viem;
  const selector = encodeEventTopics({ abi: [event], eventName: name } as Parameters<typeof encodeEventTopics>[0])[0] as Hex;
  let checked = false;
  return (args) => {
    const fast: Encoded = {
      topics: [selector, ...indexed.map((i) => `0x${word(i.type, args[i.name as string])}` as Hex)],
      data: `0x${others.map((i) => word(i.type, args[i.name as string])).join('')}` as Hex,
    };
    if (!checked) {
      const reference = viem(args);
      const same = reference.data === fast.data && reference.topics.every((t, i) => t.toLowerCase() === fast.topics[i]?.toLowerCase());
      if (!same) throw new Error(`${name}: the word encoding differs from viem's`);
      checked = true;
    }
    return fast;
  };
}

const events = {
  credit: ['PeriodClockSet', 'OfferCreated', 'OfferUpdated', 'OfferClosed', 'Redeemed'],
  taskBoard: ['TaskPublished', 'TaskClaimed', 'CompletionSubmitted', 'CompletionVerified'],
  issuance: ['Issued', 'PeriodCapFixed', 'CoverageRatioSet'],
} as const;
export type SimEventName = (typeof events)[keyof typeof events][number];

/**
 * The simulated chain's log: each `transaction` is one block at the given time, holding the events emitted by
 * that call in order, in the exact `eth_getLogs` shape the indexer ingests.
 */
export class SimLog {
  private readonly encoders = new Map<SimEventName, { address: Address; encode: (args: Args) => Encoded }>();
  private block = 0;
  private logIndex = 0;
  private timestamp = 0;
  private pending: IndexerRpcLog[] = [];
  private blockHex: Hex = '0x0';
  private blockHash: Hex = '0x0';
  private timeHex: Hex = '0x0';
  private txHash: Hex = '0x0';

  constructor(contracts: CityContracts = simContracts) {
    const abis = { credit: CivicCreditAbi, taskBoard: TaskBoardAbi, issuance: IssuanceControllerAbi } as const;
    for (const [contract, names] of Object.entries(events) as [keyof typeof events, readonly SimEventName[]][]) {
      for (const name of names) this.encoders.set(name, { address: contracts[contract], encode: encoder(abis[contract], name) });
    }
  }

  /** Starts the next transaction (its own block) at `timestamp`. */
  transaction(timestamp: number): void {
    this.block++;
    this.logIndex = 0;
    this.timestamp = timestamp;
    this.blockHex = `0x${this.block.toString(16)}`;
    this.blockHash = `0x${this.block.toString(16).padStart(64, '0')}`;
    this.txHash = this.blockHash;
    this.timeHex = `0x${timestamp.toString(16)}`;
  }

  emit(name: SimEventName, args: Args): void {
    const { address, encode } = this.encoders.get(name) as { address: Address; encode: (args: Args) => Encoded };
    const { topics, data } = encode(args);
    this.pending.push({
      address,
      topics: topics as [Hex, ...Hex[]],
      data,
      blockNumber: this.blockHex,
      blockHash: this.blockHash,
      blockTimestamp: this.timeHex,
      transactionHash: this.txHash,
      logIndex: `0x${(this.logIndex++).toString(16)}`,
    });
  }

  /** The logs emitted since the last call, and the last block so far. */
  drain(): { logs: IndexerRpcLog[]; block: number; timestamp: number } {
    const logs = this.pending;
    this.pending = [];
    return { logs, block: this.block, timestamp: this.timestamp };
  }
}
