import { CitySyncError, type CitySyncErrorOptions } from '@citysync/schemas';

/** The embedded registry (verdaccio) did not start: it exited, or never answered on its port in time. */
export class RegistryStartError extends CitySyncError {
  override name = 'RegistryStartError';
  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The embedded registry did not exit after SIGTERM and SIGKILL. */
export class RegistryStopError extends CitySyncError {
  override name = 'RegistryStopError';
  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** What `<storageDir>/registry.json` records about a running embedded registry. */
export type RegistryServerRecord = {
  pid: number;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** ISO 8601. */
  startedAt: string;
};

/** An embedded registry is already running on this storage directory. */
export class RegistryRunningError extends CitySyncError {
  override name = 'RegistryRunningError';
  readonly record: RegistryServerRecord;
  constructor(storageDir: string, record: RegistryServerRecord) {
    super(
      `An embedded registry is already running for ${storageDir} at ${record.url} (pid ${record.pid}). ` +
        `Use it (--registry ${record.url}), or stop it first with \`dpan registry stop\`.`,
    );
    this.record = record;
  }
}

/** Creating or logging in a registry user failed (wrong password for an existing user, registration closed). */
export class RegistryAuthError extends CitySyncError {
  override name = 'RegistryAuthError';
  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}

/** The registry refused a publish for lack of (valid) credentials. */
export class RegistryUnauthorizedError extends CitySyncError {
  override name = 'RegistryUnauthorizedError';
  constructor(url: string, packageId: string, options: CitySyncErrorOptions = {}) {
    super(
      `${url} refused to publish ${packageId}: no valid token. Log in to the registry ` +
        `(\`npm adduser --registry ${url}\`) or pass --token <token>.`,
      options,
    );
  }
}

/** The registry already has this name@version; published versions are immutable. */
export class VersionExistsError extends CitySyncError {
  override name = 'VersionExistsError';
  constructor(url: string, packageId: string, options: CitySyncErrorOptions = {}) {
    super(`${packageId} is already published on ${url}. Bump the version in package.json and publish again.`, options);
  }
}

/** The registry has no package by that name. */
export class PackageNotFoundError extends CitySyncError {
  override name = 'PackageNotFoundError';
  constructor(url: string, name: string, options: CitySyncErrorOptions = {}) {
    super(`${url} has no package ${name}. Check the name (with its @scope), or the --registry it lives on.`, options);
  }
}

/** No published version satisfies the requested range. */
export class NoMatchingVersionError extends CitySyncError {
  override name = 'NoMatchingVersionError';
  readonly available: readonly string[];
  constructor(name: string, range: string, available: readonly string[]) {
    super(
      `No version of ${name} satisfies ${range}. Available: ${available.length > 0 ? available.join(', ') : 'none'}. ` +
        'Ask for one of these, or publish a matching version.',
    );
    this.available = available;
  }
}

/** A downloaded tarball's bytes do not match the expected sha512 integrity. */
export class TarballIntegrityError extends CitySyncError {
  override name = 'TarballIntegrityError';
  readonly expected: string;
  readonly actual: string;
  constructor(packageId: string, expected: string, actual: string) {
    super(
      `The tarball of ${packageId} does not match its integrity: it was altered after publishing. ` +
        'Do not install it; report it to the registry operator.',
      { details: `expected ${expected}\nactual   ${actual}` },
    );
    this.expected = expected;
    this.actual = actual;
  }
}

/** Any other failed request to the registry. */
export class RegistryRequestError extends CitySyncError {
  override name = 'RegistryRequestError';
  constructor(shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
  }
}
