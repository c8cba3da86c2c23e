/**
 * Base class of every error City/Sync throws on purpose.
 *
 * @citysync/core depends on this package, so the base lives here, at the bottom of the dependency graph; core's
 * `CitySyncError` is meant to be this class (re-exported), so `instanceof CitySyncError` holds for schema errors.
 * Modelled on viem's `BaseError`: a one-line `shortMessage` for humans, optional `details`, an optional
 * `docsPath`, and the underlying `cause`. `message` joins them so a plain `console.error(err)` tells the whole story.
 */
export type CitySyncErrorOptions = {
  /** Longer diagnostic text (multi-line allowed). */
  details?: string | undefined;
  /** Path of a page in the City/Sync docs that explains this error. */
  docsPath?: string | undefined;
  /** The error that caused this one, if any. */
  cause?: unknown;
};

export class CitySyncError extends Error {
  override name: string = 'CitySyncError';
  readonly shortMessage: string;
  readonly details: string;
  readonly docsPath: string | undefined;
  override readonly cause: unknown;

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    const details =
      options.details ??
      (options.cause instanceof CitySyncError
        ? options.cause.details
        : options.cause instanceof Error
          ? options.cause.message
          : '');
    const message = [
      shortMessage,
      ...(details ? ['', `Details: ${details}`] : []),
      ...(options.docsPath ? [`Docs: ${options.docsPath}`] : []),
    ].join('\n');
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = details;
    this.docsPath = options.docsPath;
    this.cause = options.cause;
  }
}
