import { ServerConfigError } from './errors.js';

/** Limits and batching of the relayer API. Every field has a default (see {@link defaultRelayerConfig}). */
export type RelayerConfig = {
  /** Largest request body, in bytes; a larger one is answered 413. */
  bodyLimitBytes: number;
  /** Deepest nesting of objects and arrays in a body; a deeper one is answered 400 before it is parsed. */
  maxJsonDepth: number;
  /** Queued requests at most; past it, 503 with Retry-After. */
  maxQueue: number;
  /** Requests a signer may submit per minute (accepted or not); past it, 429. */
  perSignerPerMinute: number;
  /** Requests one client address may submit per minute; past it, 429. */
  perClientPerMinute: number;
  /** Requests per `executeBatch` transaction at most. */
  batchSize: number;
  /** A batch is sent when it is full or when its oldest request has waited this long, in milliseconds. */
  batchIntervalMs: number;
  /** Sends of a batch that reverted as a whole (the relayer lost its accreditation, ...) before its requests fail. */
  maxAttempts: number;
};

export const defaultRelayerConfig: RelayerConfig = {
  bodyLimitBytes: 16 * 1024,
  maxJsonDepth: 8,
  maxQueue: 10_000,
  perSignerPerMinute: 60,
  perClientPerMinute: 6_000,
  batchSize: 50,
  batchIntervalMs: 1_000,
  maxAttempts: 5,
};

/** The defaults with `overrides` applied, each checked to be a positive whole number. */
export function relayerConfigOf(overrides: { [K in keyof RelayerConfig]?: number | undefined } = {}): RelayerConfig {
  const config = { ...defaultRelayerConfig };
  for (const [key, value] of Object.entries(overrides) as [keyof RelayerConfig, number | undefined][]) {
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ServerConfigError(`relayer.${key} must be a whole number of at least 1, got ${String(value)}.`);
    }
    config[key] = value;
  }
  return config;
}
