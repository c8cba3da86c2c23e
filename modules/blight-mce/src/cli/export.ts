import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { readModuleDirectory } from '@citysync/module-kit';
import type { MceRecord } from '@citysync/schemas';
import type { Address } from 'viem';

import { exportMceRecord } from '../exportRecord.js';
import type { MceEvent } from '../mceEvents.js';
import { assertRecordPathFree, writeMceRecord } from '../writeRecord.js';
import { type CityOptions, type DpanRuntime, type MceCommandsContext, type OutputOptions, cityDirectory } from './context.js';
import { MceUsageError } from './errors.js';
import { readEvidence } from './readEvidence.js';

export type MceExportOptions = CityOptions &
  OutputOptions & {
    event: string;
    out: string;
    evidence?: string | undefined;
    metadata?: string | undefined;
    targets?: string | undefined;
    force?: boolean | undefined;
  };

export type MceExportResult = { out: string; event: string; module: Address; missingEvidence: number; record: MceRecord };

/** A JSON file the command reads, parsed; a missing or broken file is a usage error naming it. */
function readJsonOption(path: string, option: string): unknown {
  try {
    return JSON.parse(readFileSync(resolve(path), 'utf8')) as unknown;
  } catch (error) {
    const problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON';
    throw new MceUsageError(`${option} ${path}: ${problem}.`, { cause: error });
  }
}

/** --metadata: a JSON array of the metadata texts the city published (organization names, offer labels). */
function readLabels(path: string): string[] {
  const value = readJsonOption(path, '--metadata');
  if (!Array.isArray(value)) throw new MceUsageError(`--metadata ${path}#: expected an array of strings (organization names, offer labels).`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw new MceUsageError(`--metadata ${path}#/${i}: ${JSON.stringify(item)} is not a string.`);
  });
  return value as string[];
}

/** --targets: `{ "<outcome metric id>": <number> }`, what the event aimed for. */
function readTargets(path: string): Record<string, number> {
  const value = readJsonOption(path, '--targets');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MceUsageError(`--targets ${path}#: expected an object of outcome metric id -> number, e.g. {"zones-cleared": 3}.`);
  }
  for (const [key, target] of Object.entries(value)) {
    if (typeof target !== 'number' || !Number.isFinite(target)) throw new MceUsageError(`--targets ${path}#/${key}: ${JSON.stringify(target)} is not a number.`);
  }
  return value as Record<string, number>;
}

function render({ out, event, module, missingEvidence, record: r }: MceExportResult): string {
  const o = r.outcomes;
  const exhausted = r.offers.filter((x) => x.exhaustedAt !== null).map((x) => x.offering.id);
  return [
    `${event}: ${r.event.city} (${r.event.ticker}), ${r.event.start} -> ${r.event.end}, module ${r.lineage.module} at ${module}`,
    `task types: ${r.taskCatalog.map((t) => `${t.id} (${t.rate.default})`).join(', ')}`,
    `issuers: ${r.issuers.length}, redeemers: ${r.redeemers.length}, offers: ${r.offers.length}${exhausted.length > 0 ? ` (exhausted: ${exhausted.join(', ')})` : ''}`,
    `completions: ${o.completions} (${o.verified} verified, ${o.rejected} rejected, ${o.disputes} disputed; verification rate ${o.verificationRate})`,
    `participants: ${o.participants} (${o.newcomers} newcomers, retention ${o.retention}); zones cleared: ${o.zonesCleared}`,
    `credits: ${o.creditsIssued} issued, ${o.creditsRedeemed} redeemed`,
    ...(missingEvidence > 0
      ? [`${missingEvidence} verified completions have no evidence document (--evidence): the hazards-reported metric leaves them out`]
      : []),
    `wrote ${out}`,
  ].join('\n');
}

/**
 * `dpan mce export --event <id> --city <dir> --out <record.json>`: the record of a finished MCE from the chain's
 * events, the installed package and the published evidence, validated against the MCE-record schema, then written.
 * The package is the one the city installed the event's module from (`.citysync/modules/<name>/<version>`), else
 * the package these commands came from (a directory install); exportMceRecord checks its content hash either way.
 * An existing --out is refused before anything is read (unless --force); nothing is written on any error.
 */
export function exportCommand(context: MceCommandsContext) {
  const packageDirOf = (cityDir: string, event: MceEvent): string => {
    const installed = context.installedPackageDir(cityDir, event.name, event.version);
    return existsSync(join(installed, 'dpan.json')) ? installed : context.packageDir;
  };
  return {
    run: async (options: MceExportOptions, runtime: DpanRuntime): Promise<MceExportResult> => {
      const out = assertRecordPathFree(options.out, { force: options.force });
      const labels = options.metadata === undefined ? undefined : readLabels(options.metadata);
      const targets = options.targets === undefined ? undefined : readTargets(options.targets);
      const evidence = options.evidence === undefined ? undefined : readEvidence(options.evidence);
      const opened = await runtime.openCity({ ...options, city: cityDirectory(options.city) });
      const { record, event, missingEvidence } = await exportMceRecord(opened.publicClient, {
        city: opened.city,
        event: options.event,
        // The events of the module under this package's name: a fork under another name lists its own.
        moduleName: readModuleDirectory(context.packageDir).manifest.name,
        moduleDir: (e) => packageDirOf(opened.cityDir, e),
        evidence,
        labels,
        targets,
        cityParameters: opened.governance,
        cityName: opened.config.name,
        fromBlock: opened.deployment.blockNumber,
      });
      return { out: writeMceRecord(out, record, { force: options.force }), event: event.id, module: event.module, missingEvidence, record };
    },
    render,
    usageErrors: [MceUsageError],
  };
}
