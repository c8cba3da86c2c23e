import { searchRegistry } from '@citysync/registry';
import { ModuleRegistryAbi } from '@citysync/contracts';
import type { Address } from 'viem';
import { getContractEvents } from 'viem/actions';

import { CitySyncError } from '@citysync/sdk';
import { type CatalogNetwork, descriptionOf, fetchPackumentIfAny, latestShowable, readModuleRecords, withRecordedVersion } from './moduleInfo.js';

export type SearchModulesParameters = {
  network: CatalogNetwork;
  /** Words to find (all of them, case-insensitive) in a module's name, description, keywords or outcome metrics. */
  text: string;
};

export type SearchField = 'name' | 'description' | 'keywords' | 'outcomeMetrics';

export type ModuleSearchHit = {
  name: string;
  /** The npm `latest` dist-tag. */
  latest: string | undefined;
  /** The version whose audits and manifest are shown: `latest` unless it is yanked or unrecorded (then the highest that is not). */
  shown: string | undefined;
  description: string | undefined;
  keywords: string[];
  /** Ids of the shown version's outcome metrics (dpan.json). */
  outcomeMetrics: string[];
  /** Where the words were found. */
  matchedOn: SearchField[];
  /** Whether the ModuleRegistry records `latest`. */
  recorded: boolean;
  /** Whether `latest` is yanked on the ModuleRegistry, and why. */
  yanked: boolean;
  yankReason: string | undefined;
  /** Auditors with a live (not revoked) attestation of the shown version, by verdict. */
  audits: { passing: Address[]; failing: Address[] };
  /** The shown version's `forkedFrom` on chain. */
  forkedFrom: string | undefined;
  /** Why the shown version's package could not be read (e.g. its tarball no longer matches the chain record). */
  problem: string | undefined;
};

export type SearchModulesReturnType = { text: string; hits: ModuleSearchHit[] };

/**
 * Finds modules by name, description, keywords and outcome metrics, each hit with its latest version, description,
 * outcome metric ids, the live passing and failing audits of the version shown (the latest not yanked) and
 * whether `latest` is yanked.
 *
 * Candidates are the npm registry's own search hits (`/-/v1/search?text=`, what `npm search` asks) AND every name
 * the ModuleRegistry records: verdaccio 6 answers that search, but its matcher is a case-sensitive substring test on
 * name and description only (no keywords), and no npm registry indexes the outcome metrics, which live in dpan.json
 * inside the tarball. So each candidate's latest manifest is read from its verified tarball and matched here.
 *
 * @example
 * const { hits } = await searchModules({ network, text: 'households-prepared' });
 * hits.map((h) => `${h.name}@${h.latest}: ${h.audits.passing.length} passing audit(s)`)
 */
export async function searchModules(parameters: SearchModulesParameters): Promise<SearchModulesReturnType> {
  const { network } = parameters;
  const text = parameters.text.trim();
  const words = text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const [registryHits, recordedNames] = await Promise.all([searchRegistry(network.url, text), readRecordedModuleNames(network)]);
  const candidates = [...new Set([...registryHits, ...recordedNames])].sort();
  const hits = await Promise.all(candidates.map(async (name) => await candidate(network, name, words)));
  return { text, hits: hits.filter((h): h is ModuleSearchHit => h !== undefined) };
}

async function candidate(network: CatalogNetwork, name: string, words: readonly string[]): Promise<ModuleSearchHit | undefined> {
  const [packument, records] = await Promise.all([fetchPackumentIfAny(network.url, name), readModuleRecords(network, name)]);
  if (packument === undefined) return undefined;
  const latest = packument['dist-tags']['latest'];
  const latestRecord = records.find((r) => r.version === latest);
  const shownRecord = await latestShowable(network.url, packument, records);
  const npmKeywords = packument.versions[latest ?? '']?.['keywords'];

  let manifest: { description: string; keywords: string[]; outcomeMetrics: { id: string; description: string }[] } | undefined;
  let problem: string | undefined;
  if (shownRecord !== undefined) {
    try {
      manifest = await withRecordedVersion(network, shownRecord, (pkg) => pkg.manifest);
    } catch (error) {
      // One module whose tarball was altered must not hide the others: report it on its hit.
      problem = error instanceof CitySyncError ? error.shortMessage : String(error);
    }
  }

  const description = descriptionOf(packument);
  const keywords = [...new Set([...(Array.isArray(npmKeywords) ? npmKeywords.filter((k): k is string => typeof k === 'string') : []), ...(manifest?.keywords ?? [])])];
  const fields: Record<SearchField, string[]> = {
    name: [name],
    description: [description ?? '', manifest?.description ?? ''],
    keywords,
    outcomeMetrics: (manifest?.outcomeMetrics ?? []).flatMap((m) => [m.id, m.description]),
  };
  const found = (field: SearchField, word: string) => fields[field].some((value) => value.toLowerCase().includes(word));
  const searchFields = Object.keys(fields) as SearchField[];
  if (!words.every((word) => searchFields.some((field) => found(field, word)))) return undefined;

  const live = (shownRecord?.attestations ?? []).filter((a) => !a.revoked);
  return {
    name,
    latest,
    shown: shownRecord?.version,
    description,
    keywords,
    outcomeMetrics: (manifest?.outcomeMetrics ?? []).map((m) => m.id),
    matchedOn: searchFields.filter((field) => words.some((word) => found(field, word))),
    recorded: latestRecord !== undefined,
    yanked: latestRecord?.yank !== undefined,
    yankReason: latestRecord?.yank?.reason,
    audits: {
      passing: [...new Set(live.filter((a) => a.verdict === 'pass').map((a) => a.auditor))],
      failing: [...new Set(live.filter((a) => a.verdict === 'fail').map((a) => a.auditor))],
    },
    forkedFrom: shownRecord?.forkedFrom,
    problem,
  };
}

/** Every name the ModuleRegistry records (its NameClaimed events: one per name, at its first publish). */
export async function readRecordedModuleNames(network: CatalogNetwork): Promise<string[]> {
  const events = await getContractEvents(network.publicClient, {
    address: network.moduleRegistry,
    abi: ModuleRegistryAbi,
    eventName: 'NameClaimed',
    fromBlock: 0n,
    toBlock: 'latest',
  });
  return [...new Set(events.map((e) => e.args.name).filter((n): n is string => typeof n === 'string'))];
}
