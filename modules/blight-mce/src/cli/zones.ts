import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { readModuleDirectory, resolveModuleParameters } from '@citysync/module-kit';
import { loadCity } from '@citysync/sdk/node';
import type { Address, Hash } from 'viem';

import { type Open311Issue, formatOpen311Issue } from '../errors.js';
import { zonesToGeoJson } from '../geojson.js';
import { importZones } from '../importZones.js';
import { loadMapping } from '../mapping.js';
import { registerZones } from '../registerZones.js';
import { type Zone, weightsFromParameters } from '../zones.js';
import { type CityOptions, type DpanRuntime, type MceCommandsContext, type OutputOptions, type SignerOptions, cityDirectory } from './context.js';
import { MceUsageError } from './errors.js';
import { installedModule } from './installedModule.js';

export type MceZonesOptions = CityOptions &
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

/** `--top <n>`: a whole number from 1 to 10000. */
function parseTop(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const top = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!(top >= 1 && top <= 10_000)) throw new MceUsageError(`--top must be a whole number from 1 to 10000, got "${value}".`);
  return top;
}

function render(r: MceZonesResult): string {
  return [
    `${r.file}: ${r.rows} rows, ${r.open} open and ${r.closed} closed requests in ${r.ranked} zones`,
    ...(r.skipped.length > 0
      ? [`skipped ${new Set(r.skipped.map((i) => i.row)).size} invalid rows (--skip-invalid):`, ...r.skipped.map((i) => `  ${formatOpen311Issue(i)}`)]
      : []),
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
      : ["not registered (add --register, as the event coordinator's --account)"]),
  ].join('\n');
}

/**
 * `dpan mce zones --from-311 <file> --city <config>`: ranks priority zones (H3 cells) from a 311 export with the
 * module package's parameters (zone resolution, weights), writes them as GeoJSON, and with --register registers
 * them on chain as the event's coordinator (--account) at the module the city installed from that package.
 */
export function zonesCommand(context: MceCommandsContext) {
  return {
    run: async (options: MceZonesOptions, runtime: DpanRuntime): Promise<MceZonesResult> => {
      const { config } = loadCity(cityDirectory(options.city));
      const pkg = readModuleDirectory(context.packageDir);
      const values = resolveModuleParameters(pkg.parameters);
      const result = importZones({
        file: options.from311,
        boundingBox: config.boundingBox,
        mapping: options.mapping === undefined ? undefined : loadMapping(options.mapping),
        skipInvalid: options.skipInvalid === true,
        top: parseTop(options.top),
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
        const opened = await runtime.openCity({ ...options, city: cityDirectory(options.city) });
        const module = await installedModule(opened, pkg.manifest.name, context.packageDir);
        const { hashes } = await registerZones(await runtime.wallet(opened, options), { module, zones: result.zones });
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
    render,
    usageErrors: [MceUsageError],
  };
}
