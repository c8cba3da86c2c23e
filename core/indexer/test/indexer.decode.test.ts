// The table-driven decoder against viem's decodeEventLog, on every standard event type, with small and large
// integers (both sides of 2^53) and random addresses and hashes; the ingester's compiled column readers against
// the same rows written from viem's decoding.
import {
  type AbiEvent,
  type AbiParameter,
  type Hex,
  decodeEventLog,
  encodeAbiParameters,
  encodeEventTopics,
  getAddress,
  toHex,
} from 'viem';
import { describe, expect, it } from 'vitest';

import Database from 'better-sqlite3';

import { type IndexerRpcLog, createEventDecoder } from '../src/indexer/decodeLog.js';
import { LogIngester, standardEvents } from '../src/indexer/ingest.js';
import { allTables, schemaSql } from '../src/indexer/schema.js';
import { type CityContracts, committeeNames } from '../../sdk/src/types/city.js';

let seed = 7;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}
const randomHex = (bytes: number): Hex =>
  toHex(Uint8Array.from({ length: bytes }, () => Math.floor(random() * 256)));

function sample(parameter: AbiParameter, large: boolean): unknown {
  const { type } = parameter;
  if (type.endsWith('[]')) return [0, 1].map(() => sample({ ...parameter, type: type.slice(0, -2) }, large));
  if (type === 'address') return getAddress(randomHex(20));
  if (type === 'bool') return random() < 0.5;
  if (type === 'string') return `reason ${Math.floor(random() * 1000)}`;
  if (type === 'bytes') return randomHex(1 + Math.floor(random() * 40));
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return randomHex(Number(bytes[1]));
  const uint = /^uint(\d*)$/.exec(type);
  if (uint) {
    const bits = Number(uint[1] || 256);
    if (!large || bits <= 53) return BigInt(Math.floor(random() * 2 ** Math.min(bits, 32)));
    return (1n << BigInt(bits - 1)) + BigInt(Math.floor(random() * 1e9));
  }
  if (type === 'tuple' && 'components' in parameter) {
    return Object.fromEntries(parameter.components.map((c) => [c.name, sample(c, large)]));
  }
  throw new Error(`no sample for ${type}`);
}

/** viem's values in the indexer's conventions (lowercase hex, numbers when exact). */
function conventional(value: unknown): unknown {
  if (typeof value === 'bigint') return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  if (typeof value === 'string') return value.startsWith('0x') ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(conventional);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, conventional(v)]));
  }
  return value;
}

const cases = Object.entries(standardEvents).flatMap(([kind, { abi, events }]) =>
  events.map((eventName) => ({ kind, abi, eventName })),
);

describe('createEventDecoder', () => {
  it('decodes the high-volume events without viem (static layouts)', () => {
    const { staticEvents } = createEventDecoder(standardEvents.taskBoard.abi, standardEvents.taskBoard.events);
    expect([...staticEvents].sort()).toEqual(standardEvents.taskBoard.events.slice().sort());
    const credit = createEventDecoder(standardEvents.credit.abi, standardEvents.credit.events);
    expect(credit.staticEvents.has('Redeemed')).toBe(true);
    expect(credit.staticEvents.has('OfferCreated')).toBe(true);
  });

  it.each(cases)('$kind $eventName equals viem decodeEventLog', ({ abi, eventName, kind }) => {
    const decoder = createEventDecoder(abi, standardEvents[kind as keyof typeof standardEvents].events);
    const event = abi.find((item): item is AbiEvent => item.type === 'event' && item.name === eventName) as AbiEvent;
    for (const large of [false, true]) {
      const args = Object.fromEntries(event.inputs.map((input) => [input.name as string, sample(input, large)]));
      const topics = encodeEventTopics({
        abi: [event],
        eventName,
        args: Object.fromEntries(event.inputs.filter((i) => i.indexed).map((i) => [i.name, args[i.name as string]])),
      } as Parameters<typeof encodeEventTopics>[0]);
      const nonIndexed = event.inputs.filter((i) => !i.indexed);
      const data = encodeAbiParameters(nonIndexed, nonIndexed.map((i) => args[i.name as string]));
      const expected = decodeEventLog({ abi: [event], topics: topics as [Hex, ...Hex[]], data });
      const actual = decoder.decode({ topics: topics as [Hex, ...Hex[]], data });
      expect(actual).toEqual({ eventName, args: conventional(expected.args) });
    }
  });

  it('ignores logs of other events', () => {
    const decoder = createEventDecoder(standardEvents.credit.abi, standardEvents.credit.events);
    expect(decoder.decode({ topics: [randomHex(32)], data: '0x' })).toBeUndefined();
  });
});

describe('LogIngester', () => {
  // Every standard event, small and large integers, through the compiled column readers and through viem: the
  // databases must hold the same rows.
  const contracts = {
    manager: getAddress(randomHex(20)),
    forwarder: getAddress(randomHex(20)),
    accreditation: getAddress(randomHex(20)),
    credit: getAddress(randomHex(20)),
    votes: getAddress(randomHex(20)),
    issuance: getAddress(randomHex(20)),
    taskBoard: getAddress(randomHex(20)),
    governor: getAddress(randomHex(20)),
    kernel: getAddress(randomHex(20)),
    committees: Object.fromEntries(committeeNames.map((name) => [name, getAddress(randomHex(20))])) as CityContracts['committees'],
  } satisfies CityContracts;
  const emitter: Record<string, Hex> = { ...contracts, committee: contracts.committees.issuance } as unknown as Record<string, Hex>;

  // SQLite integers are 64-bit: keep large samples above 2^53 (bigint in the rows) but below 2^63.
  const bindable = (value: unknown): unknown => {
    if (typeof value === 'bigint') return value >= 1n << 63n ? (1n << 53n) + (value % (1n << 60n)) : value;
    if (Array.isArray(value)) return value.map(bindable);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bindable(v)]));
    return value;
  };

  it('writes the same rows through the compiled readers as through viem', () => {
    const logs: IndexerRpcLog[] = [];
    let block = 100;
    for (const large of [false, true]) {
      for (const { kind, abi, eventName } of cases) {
        const event = abi.find((item): item is AbiEvent => item.type === 'event' && item.name === eventName) as AbiEvent;
        const args = Object.fromEntries(event.inputs.map((input) => [input.name as string, bindable(sample(input, large))]));
        const topics = encodeEventTopics({
          abi: [event],
          eventName,
          args: Object.fromEntries(event.inputs.filter((i) => i.indexed).map((i) => [i.name, args[i.name as string]])),
        } as Parameters<typeof encodeEventTopics>[0]);
        const nonIndexed = event.inputs.filter((i) => !i.indexed);
        // Two logs per block and transaction: the second shares the first's hash.
        const second = logs.length % 2 === 1;
        if (!second) block++;
        logs.push({
          address: (emitter[kind] as Hex).toLowerCase() as Hex,
          topics: topics as [Hex, ...Hex[]],
          data: encodeAbiParameters(nonIndexed, nonIndexed.map((i) => args[i.name as string])),
          blockNumber: toHex(block),
          blockHash: randomHex(32),
          blockTimestamp: toHex(1_767_225_600 + block * 12),
          transactionHash: second ? (logs.at(-1)?.transactionHash as Hex) : randomHex(32),
          logIndex: toHex(second ? 1 : 0),
        });
      }
    }
    const last = { number: BigInt(block), hash: randomHex(32), timestamp: 1 };
    const dump = (viemOnly: boolean) => {
      const db = new Database(':memory:');
      db.exec(schemaSql);
      const ingester = new LogIngester(db, contracts, { viemOnly });
      expect(ingester.ingest(logs, last)).toBe(logs.length);
      const rows = Object.fromEntries(allTables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).raw().all()]));
      db.close();
      return rows;
    };
    const compiled = dump(false);
    expect(compiled).toEqual(dump(true));
    expect(compiled.transactions).toHaveLength(logs.length / 2);
    expect((compiled.claims as unknown[]).length).toBe(2);
  });
});
