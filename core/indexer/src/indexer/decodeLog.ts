import {
  type Abi,
  type AbiEvent,
  type AbiParameter,
  type Hex,
  type RpcLog,
  decodeEventLog,
  toEventSelector,
} from 'viem';

import { IndexerInputError } from './errors.js';

/**
 * A decoded value in the indexer's conventions: addresses and fixed bytes as lowercase hex, unsigned integers as
 * `number` when they are exact in a double and `bigint` above that, tuples as objects, arrays as arrays.
 */
export type DecodedValue = string | number | bigint | boolean | readonly DecodedValue[] | DecodedArgs;
export type DecodedArgs = { readonly [name: string]: DecodedValue };

export type DecodedLog = { eventName: string; args: DecodedArgs };

/** The fields of an `eth_getLogs` result the indexer reads (the JSON-RPC shape: quantities as hex). */
export type IndexerRpcLog = Pick<
  RpcLog,
  'address' | 'topics' | 'data' | 'blockHash' | 'blockNumber' | 'transactionHash' | 'logIndex'
> & { blockTimestamp?: Hex | null | undefined };

export type EventDecoder = {
  /** topic0 of every event this decoder knows, for the `eth_getLogs` topic filter. */
  readonly selectors: readonly Hex[];
  /** Names of the events decoded by slicing words (all-static layouts); the others go through viem. */
  readonly staticEvents: ReadonlySet<string>;
  /** Decodes a log, or returns undefined when its topic0 is not one of the decoder's events. */
  decode(log: Pick<IndexerRpcLog, 'topics' | 'data'>): DecodedLog | undefined;
};

type Field =
  | { kind: 'address' | 'uint' | 'bool'; name: string }
  | { kind: 'bytes'; name: string; size: number }
  | { kind: 'tuple'; name: string; fields: readonly Field[] };

type StaticLayout = {
  eventName: string;
  /** Indexed parameters, in topic order (topic 1 onwards). */
  indexed: readonly Field[];
  /** Non-indexed parameters, flattened in ABI order over consecutive 32-byte data words. */
  data: readonly Field[];
};

// A word whose first 51 hex digits are zero holds at most 52 bits: exact as a double.
const ZERO_PREFIX = '0'.repeat(51);

function uintFromWord(word: string): number | bigint {
  if (word.startsWith(ZERO_PREFIX)) return Number.parseInt(word.slice(51), 16);
  return normalizeUint(BigInt(`0x${word}`));
}

function normalizeUint(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** The layout of a parameter if every part of it is static (fixed size), else undefined. */
function staticField(parameter: AbiParameter): Field | undefined {
  const name = parameter.name ?? '';
  const { type } = parameter;
  if (type === 'address') return { kind: 'address', name };
  if (type === 'bool') return { kind: 'bool', name };
  if (/^uint(\d+)?$/.test(type)) return { kind: 'uint', name };
  const bytes = /^bytes(\d+)$/.exec(type);
  if (bytes) return { kind: 'bytes', name, size: Number(bytes[1]) };
  if (type === 'tuple' && 'components' in parameter) {
    const fields = parameter.components.map(staticField);
    if (fields.every((f): f is Field => f !== undefined)) return { kind: 'tuple', name, fields };
  }
  return undefined;
}

function wordCount(field: Field): number {
  return field.kind === 'tuple' ? field.fields.reduce((n, f) => n + wordCount(f), 0) : 1;
}

/** Reads `field` from the hex words of `data` (no 0x) starting at word `at`. */
function readField(field: Field, data: string, at: number): DecodedValue {
  if (field.kind === 'tuple') {
    const out: Record<string, DecodedValue> = {};
    let word = at;
    for (const f of field.fields) {
      out[f.name] = readField(f, data, word);
      word += wordCount(f);
    }
    return out;
  }
  return readWord(field, data.slice(at * 64, at * 64 + 64));
}

function readWord(field: Exclude<Field, { kind: 'tuple' }>, word: string): DecodedValue {
  switch (field.kind) {
    case 'address':
      return `0x${word.slice(24)}`;
    case 'uint':
      return uintFromWord(word);
    case 'bool':
      return word.charCodeAt(63) === 49; // '1'
    case 'bytes':
      return `0x${word.slice(0, field.size * 2)}`;
  }
}

function staticLayout(event: AbiEvent): StaticLayout | undefined {
  const indexed: Field[] = [];
  const data: Field[] = [];
  for (const input of event.inputs) {
    const field = staticField(input);
    if (field === undefined) return undefined;
    // An indexed tuple is stored as its hash: not decodable, so viem reports it the same way.
    if (input.indexed && field.kind === 'tuple') return undefined;
    (input.indexed ? indexed : data).push(field);
  }
  return { eventName: event.name, indexed, data };
}

function decodeStatic(layout: StaticLayout, topics: readonly Hex[], data: Hex): DecodedLog {
  const args: Record<string, DecodedValue> = {};
  for (let i = 0; i < layout.indexed.length; i++) {
    const field = layout.indexed[i] as Exclude<Field, { kind: 'tuple' }>;
    args[field.name] = readWord(field, (topics[i + 1] as string).slice(2));
  }
  const words = data.slice(2);
  let word = 0;
  for (const field of layout.data) {
    args[field.name] = readField(field, words, word);
    word += wordCount(field);
  }
  return { eventName: layout.eventName, args };
}

/** Where one parameter of an all-static event sits: in topic `topic` (1 onwards) or in data word `word`. */
export type FieldLocation = {
  kind: 'address' | 'uint' | 'bool' | 'bytes';
  /** Bytes of a `bytesN` parameter. */
  size: number;
} & ({ topic: number; word?: undefined } | { topic?: undefined; word: number });

/**
 * Every parameter of `event` by name (tuple members as `tuple.member`) with where it sits in the log, or
 * undefined when the event has a dynamic parameter: lets the ingester read the words it needs straight from the
 * log's hex without building the decoded arguments.
 */
export function staticLocations(event: AbiEvent): ReadonlyMap<string, FieldLocation> | undefined {
  const layout = staticLayout(event);
  if (layout === undefined) return undefined;
  const out = new Map<string, FieldLocation>();
  layout.indexed.forEach((field, i) => {
    if (field.kind !== 'tuple') out.set(field.name, { kind: field.kind, size: field.kind === 'bytes' ? field.size : 32, topic: i + 1 });
  });
  const place = (field: Field, prefix: string, word: number): number => {
    if (field.kind === 'tuple') {
      let at = word;
      for (const f of field.fields) at = place(f, `${prefix}${field.name}.`, at);
      return at;
    }
    out.set(prefix + field.name, { kind: field.kind, size: field.kind === 'bytes' ? field.size : 32, word });
    return word + 1;
  };
  let word = 0;
  for (const field of layout.data) word = place(field, '', word);
  return out;
}

/** Converts viem's decoded values to the indexer's conventions (see {@link DecodedValue}). */
export function fromViemValue(value: unknown): DecodedValue {
  if (typeof value === 'bigint') return normalizeUint(value);
  if (typeof value === 'string') return value.startsWith('0x') ? value.toLowerCase() : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromViemValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromViemValue(v)]));
  }
  return String(value);
}

/**
 * A decoder for `eventNames` of `abi`, keyed by topic0. Events whose parameters are all static (the high-volume
 * ones: claims, submissions, verifications, issuance, redemptions, offers) are decoded by slicing topics and data
 * words, which is an order of magnitude faster than a general ABI decoder; events with strings, bytes or arrays
 * go through viem's `decodeEventLog`. core/indexer/test/indexer.decode.test.ts checks the fast path against viem.
 */
export function createEventDecoder(abi: Abi, eventNames: readonly string[]): EventDecoder {
  const bySelector = new Map<string, { event: AbiEvent; layout: StaticLayout | undefined }>();
  const staticEvents = new Set<string>();
  for (const name of eventNames) {
    const event = abi.find((item): item is AbiEvent => item.type === 'event' && item.name === name);
    if (event === undefined) throw new IndexerInputError(`Event ${name} is not in the ABI: regenerate the ABIs (npm run gen:abis).`);
    const layout = staticLayout(event);
    if (layout) staticEvents.add(name);
    bySelector.set(toEventSelector(event), { event, layout });
  }
  const selectors = [...bySelector.keys()] as Hex[];
  return {
    selectors,
    staticEvents,
    decode(log) {
      const topic0 = log.topics[0];
      const entry = topic0 === undefined ? undefined : bySelector.get(topic0.toLowerCase());
      if (entry === undefined) return undefined;
      if (entry.layout) return decodeStatic(entry.layout, log.topics, log.data);
      const decoded = decodeEventLog({
        abi: [entry.event],
        topics: log.topics as [Hex, ...Hex[]],
        data: log.data,
      });
      return { eventName: entry.event.name, args: fromViemValue(decoded.args) as DecodedArgs };
    },
  };
}
