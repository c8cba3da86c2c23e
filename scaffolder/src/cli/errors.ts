import { CitySyncError, type CitySyncErrorOptions } from '@citysync/schemas';

/** A missing or malformed option of `dpan scaffold` (exit code 2, like dpan's own usage errors). */
export class ScaffoldUsageError extends CitySyncError {
  override name = 'ScaffoldUsageError';

  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}
