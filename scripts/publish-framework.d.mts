export class PublishError extends Error {
  name: 'PublishError';
}

export type PublishFrameworkParameters = {
  /** The monorepo. Default: this repository. */
  root?: string | undefined;
  /** Registry URL, without a trailing slash. */
  registry: string;
  /** Auth token for the registry; without one npm's own login applies. */
  token?: string | undefined;
  /** Run the build first. Default: true. */
  build?: boolean | undefined;
  /** Receives one line per package. Default: console.log. */
  log?: ((line: string) => void) | undefined;
};

export type PublishFrameworkResult = { name: string; version: string; status: 'published' | 'skipped' };

export function parsePublishArguments(
  argv: readonly string[],
  env?: Record<string, string | undefined>,
): { help: true } | { help: false; registry: string; token: string | undefined; build: boolean };

export function publishFramework(parameters: PublishFrameworkParameters): Promise<PublishFrameworkResult[]>;
