import { CitySyncError, type CitySyncErrorOptions } from '@citysync/schemas';
import type { Address, Hex } from 'viem';

/** `--event` names no scheduled event of the module in this city: nothing was read further or written. */
export class MceEventNotFoundError extends CitySyncError {
  override name = 'MceEventNotFoundError';
  readonly event: string;
  readonly known: readonly string[];

  constructor(event: string, known: readonly string[]) {
    super(`No MCE event "${event}" in this city.`, {
      details:
        known.length === 0
          ? 'The city has no scheduled blight & safety MCE: install the module and schedule its event first.'
          : `Events: ${known.join(', ')}. Pass one of them (or its module address) as --event.`,
    });
    this.event = event;
    this.known = known;
  }
}

/** The event has not ended yet (or was never scheduled): its record would change after the export. */
export class MceEventNotFinishedError extends CitySyncError {
  override name = 'MceEventNotFinishedError';
  readonly event: string;
  /** Unix seconds; 0n when the event is not scheduled. */
  readonly end: bigint;

  constructor(event: string, end: bigint, now: bigint) {
    super(
      end === 0n
        ? `MCE event "${event}" is not scheduled: it has no window to export.`
        : `MCE event "${event}" has not finished: it ends at ${new Date(Number(end) * 1000).toISOString()}, the chain's clock is ${new Date(Number(now) * 1000).toISOString()}.`,
      { details: 'Export after the event window closes (completions and verifications are final then).' },
    );
    this.event = event;
    this.end = end;
  }
}

/** The module package given is not the version the city's kernel installed (its content hash differs). */
export class MceModuleMismatchError extends CitySyncError {
  override name = 'MceModuleMismatchError';

  constructor(dir: string, installed: { name: string; version: string; contentHash: Hex; module: Address }, found: { name: string; version: string; contentHash: Hex }, options: CitySyncErrorOptions = {}) {
    super(
      `${dir}/dpan.json: ${found.name}@${found.version} (content hash ${found.contentHash}) is not what the city installed: ${installed.name}@${installed.version} (content hash ${installed.contentHash}, module ${installed.module}).`,
      { details: options.details ?? `Pass the package the city installed (dpan install keeps it in <city>/.citysync/modules/${installed.name}/${installed.version}).` },
    );
  }
}

/** The record's output file exists and --force was not given: nothing was written. */
export class MceRecordExistsError extends CitySyncError {
  override name = 'MceRecordExistsError';
  readonly path: string;

  constructor(path: string) {
    super(`${path} exists: the record was not written.`, { details: 'Choose another --out, or pass --force to replace it.' });
    this.path = path;
  }
}
