import { SchemaValidationError } from '@citysync/schemas';
import { readDocument } from '@citysync/schemas/node';
import type { Hex } from 'viem';

import type { ForkChange } from '@citysync/registry';
import { ForkTargetError } from '@citysync/registry';
import { forkModule } from '@citysync/registry';
import { type OutputOptions, defineCommand } from '../command.js';
import { CliUsageError } from '../errors.js';
import { type RegistryOptions, openRegistryOf, parsePackageSpec } from '../registryContext.js';

export type ForkOptions = RegistryOptions &
  OutputOptions & {
    as: string;
    params: string;
    out?: string | undefined;
    version?: string | undefined;
  };

export type ForkResult = {
  dir: string;
  name: string;
  version: string;
  forkedFrom: string;
  contentHash: Hex;
  changes: ForkChange[];
  warnings: string[];
};

/**
 * `dpan fork <name@version> --as <@scope/name> --params <file>`: copies a published version (bytes checked against
 * the chain record), applies the city's fork parameters inside the original's bounds, sets forkedFrom and a new
 * version line, validates the package and writes it to --out (default: ./<bare name>).
 */
export const fork = defineCommand(
  async (spec: string, options: ForkOptions): Promise<ForkResult> => {
    const source = parsePackageSpec(spec, 'the module to fork', { requireVersion: true });
    const target = parsePackageSpec(options.as, '--as');
    if (target.version !== undefined) {
      throw new CliUsageError(`--as "${options.as}" names a version: give the name only (the version comes from --version), e.g. --as ${target.name}.`);
    }
    const read = readDocument(options.params);
    if (!read.ok) throw new SchemaValidationError([read.issue]);
    const network = await openRegistryOf(options);
    try {
      return await forkModule({
        network,
        source: { name: source.name, version: source.version ?? '' },
        as: target.name,
        params: read.value,
        paramsFile: options.params,
        out: options.out ?? target.name.replace(/^@[^/]+\//, ''),
        version: options.version,
      });
    } catch (error) {
      if (error instanceof ForkTargetError && error.malformed) throw new CliUsageError(error.shortMessage);
      throw error;
    }
  },
  { render: renderFork },
);

function renderFork(r: ForkResult): string {
  const show = (v: unknown) => (v === undefined ? '(removed)' : JSON.stringify(v));
  return [
    `forked ${r.forkedFrom} -> ${r.name}@${r.version} in ${r.dir}`,
    r.changes.length === 0 ? 'no value changed (name and version only)' : `${r.changes.length} change(s), inside the original's bounds:`,
    ...r.changes.map((c) => `  ${c.file}#${c.pointer}: ${show(c.from)} -> ${show(c.to)}`),
    ...r.warnings.map((w) => `warning: ${w}`),
    `content hash ${r.contentHash}`,
    `next: review ${r.dir}, then dpan publish ${r.dir} --token <token>; then ask an auditor: dpan audit ${r.name}@${r.version} --report <file> --verdict pass`,
  ].join('\n');
}
