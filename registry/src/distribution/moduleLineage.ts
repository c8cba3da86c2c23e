import type { Address } from 'viem';

import { UnknownModuleError } from './forkErrors.js';
import type { CatalogNetwork } from './moduleInfo.js';
import { type ModuleVersionRecord, readModuleForks, readModuleVersion, readModuleVersions } from './readModuleVersion.js';

/** One recorded version in the fork tree. */
export type LineageNode = {
  /** `name@version`. */
  id: string;
  name: string;
  version: string;
  publisher: Address;
  /** ISO 8601. */
  publishedAt: string;
  /** Live attestations by verdict, and how many were revoked. */
  audits: { passing: number; failing: number; revoked: number };
  yanked: boolean;
  yankReason: string | undefined;
  /** Versions recorded as forked from this one, oldest first. */
  forks: LineageNode[];
};

export type ModuleLineageParameters = { network: CatalogNetwork; name: string };

export type ModuleLineageReturnType = {
  name: string;
  /** The trees holding every recorded version of `name`: each root is an original (forked from nothing), oldest first. */
  roots: LineageNode[];
};

export type ModuleLineageErrorType = UnknownModuleError;

/**
 * The fork tree of a module across cities, from the ModuleRegistry alone: from each recorded version of `name`, up
 * its `forkedFrom` chain to the original, then down every `forksOf` from there, so the tree shows the module's
 * ancestors, its siblings and every fork of it.
 *
 * @example
 * const lineage = await moduleLineage({ network, name: '@cdmx/dpan-disaster-prep' });
 * console.log(renderLineage(lineage));
 * // @berkeley/dpan-disaster-prep@1.0.0  (publisher 0x7099…79C8; audits 1 pass)
 * // └─ @cdmx/dpan-disaster-prep@2.0.0  (publisher 0x3C44…93BC; audits 1 pass)
 */
export async function moduleLineage(parameters: ModuleLineageParameters): Promise<ModuleLineageReturnType> {
  const { network, name } = parameters;
  const client = network.publicClient;
  const records = new Map<string, ModuleVersionRecord | undefined>();
  const recordOf = async (id: string): Promise<ModuleVersionRecord | undefined> => {
    if (!records.has(id)) {
      const [n, v] = splitId(id);
      records.set(id, await readModuleVersion(client, network.moduleRegistry, n, v));
    }
    return records.get(id);
  };

  const versions = await readModuleVersions(client, network.moduleRegistry, name);
  if (versions.length === 0) {
    throw new UnknownModuleError(name, `the ModuleRegistry at ${network.moduleRegistry} records no version of it`);
  }

  // Up: each version's chain of forkedFrom to its original (the chain only records forks of recorded versions).
  const rootIds: string[] = [];
  for (const version of versions) {
    let id = `${name}@${version}`;
    const seen = new Set<string>();
    for (let record = await recordOf(id); record?.forkedFrom !== undefined && !seen.has(id); record = await recordOf(id)) {
      seen.add(id);
      id = record.forkedFrom;
    }
    if (!rootIds.includes(id)) rootIds.push(id);
  }

  // Down: every fork of every node, each version once.
  const placed = new Set<string>();
  const build = async (id: string): Promise<LineageNode | undefined> => {
    const record = await recordOf(id);
    if (record === undefined || placed.has(id)) return undefined;
    placed.add(id);
    const forkIds = await readModuleForks(client, network.moduleRegistry, record.name, record.version);
    const forks: LineageNode[] = [];
    for (const forkId of forkIds) {
      const node = await build(forkId);
      if (node !== undefined) forks.push(node);
    }
    return nodeOf(record, forks.sort(byPublishedAt));
  };
  const roots: LineageNode[] = [];
  for (const id of rootIds) {
    const node = await build(id);
    if (node !== undefined) roots.push(node);
  }
  return { name, roots: roots.sort(byPublishedAt) };
}

/**
 * The fork tree as indented text, one version a line:
 *
 *     @berkeley/dpan-disaster-prep@1.0.0  (publisher 0x7099…79C8; audits 1 pass)
 *     └─ @cdmx/dpan-disaster-prep@2.0.0  (publisher 0x3C44…93BC; audits 1 pass)
 *        └─ @oaxaca/dpan-disaster-prep@3.0.0  (publisher 0x90F7…b906; not audited)
 */
export function renderLineage(lineage: ModuleLineageReturnType): string {
  const lines: string[] = [];
  const walk = (node: LineageNode, prefix: string, branch: string, last: boolean) => {
    lines.push(`${prefix}${branch}${node.id}  (${describeNode(node)})`);
    const childPrefix = branch === '' ? '' : `${prefix}${last ? '   ' : '│  '}`;
    node.forks.forEach((fork, i) => {
      const isLast = i === node.forks.length - 1;
      walk(fork, childPrefix, isLast ? '└─ ' : '├─ ', isLast);
    });
  };
  for (const root of lineage.roots) walk(root, '', '', true);
  return lines.join('\n');
}

function describeNode(node: LineageNode): string {
  const { passing, failing, revoked } = node.audits;
  const audits =
    passing + failing === 0
      ? 'not audited'
      : `audits ${[passing > 0 ? `${passing} pass` : '', failing > 0 ? `${failing} fail` : ''].filter((s) => s !== '').join(', ')}`;
  return [
    `publisher ${node.publisher.slice(0, 6)}…${node.publisher.slice(-4)}`,
    audits + (revoked > 0 ? ` (${revoked} revoked)` : ''),
    ...(node.yanked ? [`YANKED: ${node.yankReason ?? ''}`] : []),
  ].join('; ');
}

function nodeOf(record: ModuleVersionRecord, forks: LineageNode[]): LineageNode {
  const live = record.attestations.filter((a) => !a.revoked);
  return {
    id: `${record.name}@${record.version}`,
    name: record.name,
    version: record.version,
    publisher: record.publisher,
    publishedAt: new Date(record.publishedAt * 1000).toISOString(),
    audits: {
      passing: live.filter((a) => a.verdict === 'pass').length,
      failing: live.filter((a) => a.verdict === 'fail').length,
      revoked: record.attestations.length - live.length,
    },
    yanked: record.yank !== undefined,
    yankReason: record.yank?.reason,
    forks,
  };
}

const byPublishedAt = (a: LineageNode, b: LineageNode) => a.publishedAt.localeCompare(b.publishedAt);

/** `name@version` split at its last `@` (scoped names begin with one), as the ModuleRegistry does. */
function splitId(id: string): [string, string] {
  const at = id.lastIndexOf('@');
  return at > 0 ? [id.slice(0, at), id.slice(at + 1)] : [id, ''];
}
