import { type ModuleInfoReturnType, type ModuleVersionInfo, moduleInfo } from '@citysync/registry';
import { type ModuleLineageReturnType, moduleLineage, renderLineage } from '@citysync/registry';
import { type ModuleSearchHit, type SearchModulesReturnType, searchModules } from '@citysync/registry';
import { type OutputOptions, defineCommand } from '../command.js';
import { CliUsageError } from '../errors.js';
import { type RegistryOptions, openRegistryOf, parsePackageSpec } from '../registryContext.js';

type CatalogOptions = RegistryOptions & OutputOptions;

/** `dpan search <text...>`: modules by name, description, keywords and outcome metrics, with their audits. */
export const search = defineCommand(
  async (words: string[] | string, options: CatalogOptions): Promise<SearchModulesReturnType> => {
    const text = (Array.isArray(words) ? words : [words]).join(' ').trim();
    if (text === '') throw new CliUsageError('dpan search needs some text, e.g. dpan search disaster.');
    return await searchModules({ network: await openRegistryOf(options), text });
  },
  { render: (r) => (r.hits.length === 0 ? `no module matches "${r.text}"` : r.hits.map(renderHit).join('\n\n')) },
);

function renderHit(h: ModuleSearchHit): string {
  const audits = `audits of ${h.shown ?? 'no showable version'}: ${h.audits.passing.length} passing${listed(h.audits.passing)}, ${h.audits.failing.length} failing${listed(h.audits.failing)}`;
  return [
    `${h.name}@${h.latest ?? '?'}${h.yanked ? `  YANKED: ${h.yankReason ?? ''}` : ''}${h.recorded ? '' : '  (latest not recorded on the ModuleRegistry)'}  [matched: ${h.matchedOn.join(', ')}]`,
    ...(h.description === undefined ? [] : [`  ${h.description}`]),
    `  outcome metrics: ${h.outcomeMetrics.join(', ') || 'none'}`,
    `  ${audits}`,
    ...(h.forkedFrom === undefined ? [] : [`  forked from ${h.forkedFrom}`]),
    ...(h.problem === undefined ? [] : [`  problem: ${h.problem}`]),
  ].join('\n');
}

const listed = (auditors: readonly string[]) => (auditors.length === 0 ? '' : ` (${auditors.join(', ')})`);

/** `dpan info <name[@version]>`: every version with its audits, yanks and lineage; one version's parameters and task types. */
export const info = defineCommand(
  async (spec: string, options: CatalogOptions): Promise<ModuleInfoReturnType> => {
    const { name, version } = parsePackageSpec(spec, 'the module');
    return await moduleInfo({ network: await openRegistryOf(options), name, version });
  },
  { render: renderInfo },
);

function renderInfo(r: ModuleInfoReturnType): string {
  const lines = [`${r.name}${r.latest === undefined ? '' : ` (latest ${r.latest})`}`, ...(r.description === undefined ? [] : [`  ${r.description}`]), '', 'versions:'];
  for (const v of r.versions) lines.push(...renderVersion(v));
  const d = r.details;
  if (d === undefined) {
    lines.push('', 'no version to show: none is recorded on the ModuleRegistry, or every one is yanked');
    return lines.join('\n');
  }
  lines.push('', `${r.name}@${d.version}${d.forkedFrom === null ? '' : ` (forked from ${d.forkedFrom})`}`, `  ${d.description}`, '', '  parameters (default, bounds):');
  for (const p of d.parameters) {
    lines.push(`    ${p.key}: ${p.default}${p.value === undefined ? '' : ` (value ${p.value})`} [${p.min}, ${p.max}] ${p.unit}`);
  }
  lines.push('  task types (rate default, bounds):');
  for (const t of d.taskTypes) lines.push(`    ${t.id}: ${t.rate.default} [${t.rate.min}, ${t.rate.max}]  ${t.title}  (verified by ${t.verification})`);
  if (d.offerings.length > 0) {
    lines.push('  offerings (price, capacity per period):');
    for (const o of d.offerings) lines.push(`    ${o.id}: ${o.price} x ${o.capacityPerPeriod}  ${o.title}`);
  }
  lines.push(`  outcome metrics: ${d.outcomeMetrics.map((m) => m.id).join(', ') || 'none'}`);
  lines.push(`  permissions: ${d.permissions.map((p) => `${p.target}.${p.function}`).join(', ') || 'none'}`);
  lines.push(`  content hash ${d.contentHash}`);
  return lines.join('\n');
}

function renderVersion(v: ModuleVersionInfo): string[] {
  const where = !v.recorded ? 'NOT RECORDED on the ModuleRegistry' : !v.inRegistry ? 'recorded, but the npm registry does not serve it' : '';
  const integrity = v.integrityMatches === false ? 'INTEGRITY MISMATCH between the npm registry and the chain' : '';
  const head = [`  ${v.version}${v.distTags.length > 0 ? ` (${v.distTags.join(', ')})` : ''}`, where, integrity].filter((s) => s !== '').join('  ');
  const lines = [head];
  if (v.publisher !== undefined) lines.push(`    published ${v.publishedAt ?? ''} by ${v.publisher}`);
  if (v.yank !== undefined) lines.push(`    YANKED ${v.yank.at}: ${v.yank.reason}`);
  if (v.forkedFrom !== undefined) lines.push(`    forked from ${v.forkedFrom}`);
  if (v.forks.length > 0) lines.push(`    forks: ${v.forks.join(', ')}`);
  if (v.recorded) {
    lines.push(v.audits.length === 0 ? '    audits: none' : '    audits:');
    for (const a of v.audits) lines.push(`      ${a.verdict} by ${a.auditor} at ${a.attestedAt}${a.revoked ? ' (revoked)' : ''}, report ${a.reportHash}`);
  }
  return lines;
}

/** `dpan lineage <name>`: the fork tree across cities, as an indented tree or `--json`. */
export const lineage = defineCommand(
  async (name: string, options: CatalogOptions): Promise<ModuleLineageReturnType> => {
    const spec = parsePackageSpec(name, 'the module');
    if (spec.version !== undefined) throw new CliUsageError(`dpan lineage takes a name without a version (the tree holds every version): dpan lineage ${spec.name}.`);
    return await moduleLineage({ network: await openRegistryOf(options), name: spec.name });
  },
  { render: renderLineage },
);
