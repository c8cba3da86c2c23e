// The table-driven decoder against viem's decodeEventLog, on every standard event type, with small and large
// integers (both sides of 2^53) and random addresses and hashes.
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

import { createEventDecoder } from '../../src/indexer/decodeLog.js';
import { standardEvents } from '../../src/indexer/ingest.js';

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
