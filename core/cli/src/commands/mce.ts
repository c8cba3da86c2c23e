import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  BLIGHT_MCE,
  type FeatureCollection,
  type HazardFeature,
  type MceReportSummary,
  type Open311Issue,
  type Zone,
  buildReport,
  formatOpen311Issue,
  importZones,
  loadMapping,
  registerZones,
  weightsFromParameters,
  zonesToGeoJson,
} from '@citysync/dpan-blight-mce';
import { type EvidenceDocument, loadAndValidate } from '@citysync/schemas';
import type { Address, Hash } from 'viem';
import { readContract } from 'viem/actions';

import { loadCity } from '@citysync/sdk';
import { ModuleKernelAbi } from '@citysync/contracts';
import { readModuleDirectory } from '@citysync/module-kit';
import { resolveModuleParameters } from '@citysync/sdk';
import { toJson } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { CityStateError, CliUsageError } from '../errors.js';
import { parseSmallUint } from '../parse.js';
// --- issue 6: dpan mce export (imports) ---
import { type MceEvent, assertRecordPathFree, exportMceRecord, writeMceRecord } from '@citysync/dpan-blight-mce';
import type { MceRecord } from '@citysync/schemas';
import { installedPackageDir } from '@citysync/registry';
// --- end issue 6 (imports) ---

/** The blight & safety MCE package inside this monorepo (its parameters: zone resolution, weights, top N). */
const MODULE_DIR = fileURLToPath(new URL('../../../../modules/blight-mce', import.meta.url));

type ZonesOptions = ChainOptions &
  SignerOptions &
  OutputOptions & {
    from311: string;
    mapping?: string | undefined;
    top?: string | undefined;
    geojson?: string | undefined;
    skipInvalid?: boolean | undefined;
    register?: boolean | undefined;
  };

export type MceZonesResult = {
  file: string;
  rows: number;
  open: number;
  closed: number;
  ranked: number;
  zones: Pick<Zone, 'rank' | 'cell' | 'zoneId' | 'requests' | 'score' | 'byCategory'>[];
  skipped: Open311Issue[];
  geojson: string | undefined;
  registered: { module: Address; transactions: Hash[] } | undefined;
};

/** The city's directory when --city names its city.json. */
function cityDirectory(city: string): string {
  const path = resolve(city);
  return existsSync(path) && statSync(path).isFile() ? dirname(path) : path;
}

async function installedModule(options: ChainOptions): Promise<{ opened: Awaited<ReturnType<typeof openCityOf>>; module: Address }> {
  const opened = await openCityOf({ ...options, city: cityDirectory(options.city) });
  const inst = await readContract(opened.publicClient, { address: opened.city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [BLIGHT_MCE] });
  if (!inst.installed) {
    throw new CityStateError(`${BLIGHT_MCE} is not installed in this city.`, { details: 'Install it first: dpan module install modules/blight-mce' });
  }
  return { opened, module: inst.module };
}

/**
 * `dpan mce zones --from-311 <file> --city <config>`: ranks priority zones (H3 cells) from a 311 export, writes
 * them as GeoJSON, and with --register registers them on chain as the event's coordinator (--account).
 */
export const zones = defineCommand(
  async (options: ZonesOptions): Promise<MceZonesResult> => {
    const { config } = loadCity(options.city);
    const values = resolveModuleParameters(readModuleDirectory(MODULE_DIR).parameters);
    const top = options.top === undefined ? undefined : parseSmallUint(options.top, '--top', 10_000);
    if (top === 0) throw new CliUsageError('--top must be at least 1.');
    const result = importZones({
      file: options.from311,
      boundingBox: config.boundingBox,
      mapping: options.mapping === undefined ? undefined : loadMapping(options.mapping),
      skipInvalid: options.skipInvalid === true,
      top,
      resolution: values['zones.resolution'],
      weights: weightsFromParameters(values),
    });
    let geojson: string | undefined;
    if (options.geojson !== undefined) {
      geojson = resolve(options.geojson);
      mkdirSync(dirname(geojson), { recursive: true });
      writeFileSync(geojson, `${JSON.stringify(zonesToGeoJson(result.zones), null, 2)}\n`);
    }
    let registered: MceZonesResult['registered'];
    if (options.register === true) {
      const { opened, module } = await installedModule(options);
      const wallet = walletOf(opened, signerOf(options));
      const { hashes } = await registerZones(wallet, { module, zones: result.zones });
      registered = { module, transactions: hashes };
    }
    return {
      file: options.from311,
      rows: result.rows,
      open: result.open,
      closed: result.closed,
      ranked: result.ranked,
      zones: result.zones.map(({ rank, cell, zoneId, requests, score, byCategory }) => ({ rank, cell, zoneId, requests, score, byCategory })),
      skipped: result.skipped,
      geojson,
      registered,
    };
  },
  {
    render: (r) =>
      [
        `${r.file}: ${r.rows} rows, ${r.open} open and ${r.closed} closed requests in ${r.ranked} zones`,
        ...(r.skipped.length > 0 ? [`skipped ${new Set(r.skipped.map((i) => i.row)).size} invalid rows (--skip-invalid):`, ...r.skipped.map((i) => `  ${formatOpen311Issue(i)}`)] : []),
        'rank  cell             requests  score  by category',
        ...r.zones.map(
          (z) =>
            `${String(z.rank).padStart(4)}  ${z.cell}  ${String(z.requests).padStart(8)}  ${String(z.score).padStart(5)}  ${Object.entries(z.byCategory)
              .filter(([, n]) => n > 0)
              .map(([c, n]) => `${c} ${n}`)
              .join(', ')}`,
        ),
        ...(r.geojson !== undefined ? [`wrote ${r.geojson}`] : []),
        ...(r.registered !== undefined
          ? [`registered ${r.zones.length} zones at ${r.registered.module} (${r.registered.transactions.length} transaction(s))`]
          : ['not registered (add --register, as the event coordinator\'s --account)']),
      ].join('\n'),
  },
);

type ReportOptions = ChainOptions &
  OutputOptions & {
    evidence?: string | undefined;
    geojson?: string | undefined;
    out?: string | undefined;
  };

export type MceReportResult = { summary: MceReportSummary; hazards: FeatureCollection<HazardFeature>; geojson: string | undefined; out: string | undefined };

/** Evidence documents: every *.json in a directory, or one file holding a document or an array of them. */
function readEvidence(path: string): EvidenceDocument[] {
  const full = resolve(path);
  const files = statSync(full).isDirectory() ? readdirSync(full).filter((f) => f.endsWith('.json')).map((f) => join(full, f)) : [full];
  const docs: EvidenceDocument[] = [];
  for (const file of files) {
    const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (Array.isArray(data)) docs.push(...(data as EvidenceDocument[]));
    else docs.push(loadAndValidate('evidence', file));
  }
  return docs;
}

/**
 * `dpan mce report`: the event's summary and hazard dataset (GeoJSON), computed from chain events and the
 * published evidence documents (--evidence), written to --out and --geojson.
 */
export const report = defineCommand(
  async (options: ReportOptions): Promise<MceReportResult> => {
    const { opened, module } = await installedModule(options);
    const { catalog } = readModuleDirectory(MODULE_DIR);
    const evidence = options.evidence === undefined ? [] : readEvidence(options.evidence);
    const { summary, hazards } = await buildReport(opened.publicClient, {
      city: opened.city,
      module,
      catalog,
      evidence,
      fromBlock: opened.deployment.blockNumber,
    });
    const write = (path: string | undefined, value: unknown): string | undefined => {
      if (path === undefined) return undefined;
      const full = resolve(path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, `${toJson(value)}\n`);
      return full;
    };
    return { summary, hazards, geojson: write(options.geojson, hazards), out: write(options.out, summary) };
  },
  {
    render: ({ summary: s, hazards, geojson, out }) =>
      [
        `event ${new Date(Number(s.event.start) * 1000).toISOString()} -> ${new Date(Number(s.event.end) * 1000).toISOString()} (coordinator ${s.event.coordinator})`,
        'issuer                                      tasks  slots  submitted  verified  credits',
        ...s.tasksByIssuer.map((i) => `${i.issuer}  ${String(i.tasks).padStart(5)}  ${String(i.slots).padStart(5)}  ${String(i.submitted).padStart(9)}  ${String(i.verified).padStart(8)}  ${String(i.credits).padStart(7)}`),
        `completions: ${s.completions.submitted} submitted, ${s.completions.verified} verified, ${s.completions.rejected} rejected`,
        `credits: ${s.creditsIssued} issued, ${s.creditsRedeemed} redeemed on ${s.offers.length} business offer(s)`,
        `zones: ${s.zones.cleared.length} of ${s.zones.registered} cleared${s.zones.cleared.length > 0 ? ` (${s.zones.cleared.join(', ')})` : ''}`,
        `participants: ${s.participants} (${s.newcomers} newcomers)`,
        `hazard dataset: ${hazards.features.length} verified observations${s.missingEvidence > 0 ? `; ${s.missingEvidence} verified completions without a published document (--evidence)` : ''}`,
        ...(geojson !== undefined ? [`wrote ${geojson}`] : []),
        ...(out !== undefined ? [`wrote ${out}`] : []),
      ].join('\n'),
  },
);

// --- issue 6: dpan mce export ---
type ExportOptions = ChainOptions &
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
    throw new CliUsageError(`${option} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'not valid JSON'}.`, { cause: error });
  }
}

/** --metadata: a JSON array of the metadata texts the city published (organization names, offer labels). */
function readLabels(path: string): string[] {
  const value = readJsonOption(path, '--metadata');
  if (!Array.isArray(value)) throw new CliUsageError(`--metadata ${path}#: expected an array of strings (organization names, offer labels).`);
  value.forEach((item, i) => {
    if (typeof item !== 'string') throw new CliUsageError(`--metadata ${path}#/${i}: ${JSON.stringify(item)} is not a string.`);
  });
  return value as string[];
}

/** --targets: `{ "<outcome metric id>": <number> }`, what the event aimed for. */
function readTargets(path: string): Record<string, number> {
  const value = readJsonOption(path, '--targets');
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new CliUsageError(`--targets ${path}#: expected an object of outcome metric id -> number, e.g. {"zones-cleared": 3}.`);
  }
  for (const [key, target] of Object.entries(value)) {
    if (typeof target !== 'number' || !Number.isFinite(target)) throw new CliUsageError(`--targets ${path}#/${key}: ${JSON.stringify(target)} is not a number.`);
  }
  return value as Record<string, number>;
}

/**
 * The package the city installed the event's module from: what `dpan install` kept in .citysync/modules, else this
 * repository's modules/blight-mce (a directory install); exportMceRecord checks its content hash either way.
 */
function packageDirOf(cityDir: string, event: MceEvent): string {
  const installed = installedPackageDir(cityDir, event.name, event.version);
  return existsSync(join(installed, 'dpan.json')) ? installed : MODULE_DIR;
}

/**
 * `dpan mce export --event <id> --city <dir> --out <record.json>`: the record of a finished MCE from the chain's
 * events, the installed package and the published evidence, validated against the MCE-record schema, then
 * written. An existing --out is refused before anything is read (unless --force); nothing is written on any error.
 */
export const exportRecord = defineCommand(
  async (options: ExportOptions): Promise<MceExportResult> => {
    const out = assertRecordPathFree(options.out, { force: options.force });
    const labels = options.metadata === undefined ? undefined : readLabels(options.metadata);
    const targets = options.targets === undefined ? undefined : readTargets(options.targets);
    const evidence = options.evidence === undefined ? undefined : readEvidence(options.evidence);
    const opened = await openCityOf({ ...options, city: cityDirectory(options.city) });
    const { record, event, missingEvidence } = await exportMceRecord(opened.publicClient, {
      city: opened.city,
      event: options.event,
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
  {
    render: ({ out, event, module, missingEvidence, record: r }) => {
      const o = r.outcomes;
      return [
        `${event}: ${r.event.city} (${r.event.ticker}), ${r.event.start} -> ${r.event.end}, module ${r.lineage.module} at ${module}`,
        `task types: ${r.taskCatalog.map((t) => `${t.id} (${t.rate.default})`).join(', ')}`,
        `issuers: ${r.issuers.length}, redeemers: ${r.redeemers.length}, offers: ${r.offers.length}${r.offers.some((x) => x.exhaustedAt !== null) ? ' (exhausted: ' + r.offers.filter((x) => x.exhaustedAt !== null).map((x) => x.offering.id).join(', ') + ')' : ''}`,
        `completions: ${o.completions} (${o.verified} verified, ${o.rejected} rejected, ${o.disputes} disputed; verification rate ${o.verificationRate})`,
        `participants: ${o.participants} (${o.newcomers} newcomers, retention ${o.retention}); zones cleared: ${o.zonesCleared}`,
        `credits: ${o.creditsIssued} issued, ${o.creditsRedeemed} redeemed`,
        ...(missingEvidence > 0 ? [`${missingEvidence} verified completions have no evidence document (--evidence): the hazards-reported metric leaves them out`] : []),
        `wrote ${out}`,
      ].join('\n');
    },
  },
);
// --- end issue 6 ---
