import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { readModuleDirectory } from '@citysync/module-kit';
import { toJson } from '@citysync/sdk';

import type { FeatureCollection, HazardFeature } from '../geojson.js';
import { type MceReportSummary, buildReport } from '../report.js';
import { type CityOptions, type DpanRuntime, type MceCommandsContext, type OutputOptions, cityDirectory } from './context.js';
import { MceUsageError } from './errors.js';
import { installedModule } from './installedModule.js';
import { readEvidence } from './readEvidence.js';

export type MceReportOptions = CityOptions &
  OutputOptions & {
    evidence?: string | undefined;
    geojson?: string | undefined;
    out?: string | undefined;
  };

export type MceReportResult = { summary: MceReportSummary; hazards: FeatureCollection<HazardFeature>; geojson: string | undefined; out: string | undefined };

function write(path: string | undefined, value: unknown): string | undefined {
  if (path === undefined) return undefined;
  const full = resolve(path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, `${toJson(value)}\n`);
  return full;
}

function render({ summary: s, hazards, geojson, out }: MceReportResult): string {
  const pad = (value: unknown, width: number): string => String(value).padStart(width);
  return [
    `event ${new Date(Number(s.event.start) * 1000).toISOString()} -> ${new Date(Number(s.event.end) * 1000).toISOString()} (coordinator ${s.event.coordinator})`,
    'issuer                                      tasks  slots  submitted  verified  credits',
    ...s.tasksByIssuer.map((i) => `${i.issuer}  ${pad(i.tasks, 5)}  ${pad(i.slots, 5)}  ${pad(i.submitted, 9)}  ${pad(i.verified, 8)}  ${pad(i.credits, 7)}`),
    `completions: ${s.completions.submitted} submitted, ${s.completions.verified} verified, ${s.completions.rejected} rejected`,
    `credits: ${s.creditsIssued} issued, ${s.creditsRedeemed} redeemed on ${s.offers.length} business offer(s)`,
    `zones: ${s.zones.cleared.length} of ${s.zones.registered} cleared${s.zones.cleared.length > 0 ? ` (${s.zones.cleared.join(', ')})` : ''}`,
    `participants: ${s.participants} (${s.newcomers} newcomers)`,
    `hazard dataset: ${hazards.features.length} verified observations${s.missingEvidence > 0 ? `; ${s.missingEvidence} verified completions without a published document (--evidence)` : ''}`,
    ...(geojson !== undefined ? [`wrote ${geojson}`] : []),
    ...(out !== undefined ? [`wrote ${out}`] : []),
  ].join('\n');
}

/**
 * `dpan mce report`: the event's summary and hazard dataset (GeoJSON), computed from chain events and the
 * published evidence documents (--evidence), written to --out and --geojson.
 */
export function reportCommand(context: MceCommandsContext) {
  return {
    run: async (options: MceReportOptions, runtime: DpanRuntime): Promise<MceReportResult> => {
      const opened = await runtime.openCity({ ...options, city: cityDirectory(options.city) });
      const { manifest, catalog } = readModuleDirectory(context.packageDir);
      const module = await installedModule(opened, manifest.name, context.packageDir);
      const evidence = options.evidence === undefined ? [] : readEvidence(options.evidence);
      const { summary, hazards } = await buildReport(opened.publicClient, {
        city: opened.city,
        module,
        moduleName: manifest.name,
        catalog,
        evidence,
        fromBlock: opened.deployment.blockNumber,
      });
      return { summary, hazards, geojson: write(options.geojson, hazards), out: write(options.out, summary) };
    },
    render,
    usageErrors: [MceUsageError],
  };
}
