import { CitySyncError, type CitySyncErrorOptions } from '@citysync/sdk';

/** Why the relayer API refused a request, as the `reason` of its answer. */
export type RefusalReason =
  // 400
  | 'malformed'
  | 'too-deep'
  // 413
  | 'too-large'
  // 422: the request could never execute
  | 'expired'
  | 'invalid-signature'
  | 'wrong-nonce'
  | 'duplicate'
  | 'not-city-target'
  | 'would-revert'
  // 429
  | 'rate-limited-signer'
  | 'rate-limited-client'
  // 503
  | 'queue-full'
  | 'stopping';

/**
 * A request the relayer API refused: the HTTP status, a stable `reason`, and (for a malformed body) the JSON pointer
 * of the offending field. Nothing was stored.
 */
export class RelayRequestRefusedError extends CitySyncError {
  override name = 'RelayRequestRefusedError';
  readonly status: number;
  readonly reason: RefusalReason;
  /** JSON pointer into the body, for 400s. */
  readonly pointer: string | undefined;
  /** Seconds to wait before retrying (429, 503). */
  readonly retryAfterSeconds: number | undefined;
  /** The decoded revert of a request that would revert now. */
  readonly revert: { errorName: string | undefined; args: readonly string[] } | undefined;

  constructor(
    status: number,
    reason: RefusalReason,
    shortMessage: string,
    extra: {
      pointer?: string | undefined;
      retryAfterSeconds?: number | undefined;
      revert?: { errorName: string | undefined; args: readonly string[] } | undefined;
    } & CitySyncErrorOptions = {},
  ) {
    super(shortMessage, extra);
    this.status = status;
    this.reason = reason;
    this.pointer = extra.pointer;
    this.retryAfterSeconds = extra.retryAfterSeconds;
    this.revert = extra.revert;
  }
}

/** A server option out of range or missing (a usage error: `dpan serve` exits 2). */
export class ServerConfigError extends CitySyncError {
  override name = 'ServerConfigError';
}

/** The server could not start or stop one of its parts. */
export class ServerError extends CitySyncError {
  override name = 'ServerError';
}
