import { type CityContracts, type CityReadClient, toId } from '@citysync/sdk';
import { CivicCreditAbi, IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';
import { readModuleDirectory } from '@citysync/module-kit';
import { type EvidenceDocument, type GovernanceParameters, type MceRecord, assertDocument } from '@citysync/schemas';
import { getResolution } from 'h3-js';
import { type Address, getAddress } from 'viem';
import { getBlock, getChainId, getContractEvents, readContract } from 'viem/actions';

import { eventOffers } from './exportOffers.js';
import { MceEventNotFinishedError, MceModuleMismatchError } from './exportErrors.js';
import { type EventCompletion, isoOf, measureOutcomes } from './exportOutcomes.js';
import { parametersInForce } from './exportParameters.js';
import { type MceEvent, findMceEvent } from './mceEvents.js';
import { labelsByHash, organizationNames } from './metadataLabels.js';
import { BLIGHT_MCE } from './publishEventTask.js';
import { readEvent } from './readEvent.js';
import { buildReport } from './report.js';

export const MCE_RECORD_SCHEMA = 'https://schemas.citysync.dev/mce-record.schema.json';

export type ExportMceRecordParameters = {
  city: Pick<CityContracts, 'kernel' | 'credit' | 'taskBoard' | 'issuance' | 'accreditation'>;
  /** The event: its id (see listMceEvents, e.g. `brky-blight-mce-2026-01-12`) or its module contract's address. */
  event: string;
  /**
   * The installed module package (or where to find it for the event found): refused unless its content hash is the
   * one the kernel installed the event's module with.
   */
  moduleDir: string | ((event: MceEvent) => string);
  /** Evidence documents the participants published (matched to verified completions by content hash). */
  evidence?: readonly EvidenceDocument[] | undefined;
  /**
   * Published metadata texts (organization names, offer labels `<package>#<offering>: <title>`): a text names an
   * organization or an offer only when its keccak256 is the hash on chain. Without them names are omitted.
   */
  labels?: readonly string[] | undefined;
  /** The city's governance.json: values of the keys the module also defines (health bands, coverage step). */
  cityParameters?: GovernanceParameters | undefined;
  /** What the event aimed for, by outcome metric id (dpan.json outcomeMetrics). */
  targets?: Readonly<Record<string, number>> | undefined;
  /** The forkedFrom of a package version (e.g. from the ModuleRegistry), to follow lineage past the parent. */
  forkedFromOf?: ((ref: string) => Promise<string | null | undefined>) | undefined;
  /** First block to read (the city's deployment block). Default 0. */
  fromBlock?: bigint | undefined;
  /** The module's package name, under which the kernel installed it (a fork's own name). Default: BLIGHT_MCE. */
  moduleName?: string | undefined;
  /** The city's name. Default: the credit's name without " Civic Credit". */
  cityName?: string | undefined;
  /** Default: now, or the chain's latest block time if later. */
  exportedAt?: Date | undefined;
};

export type ExportMceRecordReturnType = {
  /** Valid against the MCE-record schema and its code rules (checked before it is returned). */
  record: MceRecord;
  event: MceEvent;
  /** Verified completions whose evidence document was not supplied: the hazards-reported metric leaves them out. */
  missingEvidence: number;
};

const MAX_ANCESTORS = 32;

/** Credits fit a JSON number; anything beyond 2^53 would be a broken chain, not a big event. */
function toCount(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${value} does not fit a record count`);
  return Number(value);
}

/** The most frequent key (ties: the smaller key, so the record does not depend on log order). */
function modeOf(values: readonly bigint[]): bigint | undefined {
  const counts = new Map<bigint, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a, ca], [b, cb]) => cb - ca || (a < b ? -1 : 1))[0]?.[0];
}

/**
 * `dpan mce export`: the record of a finished blight & safety MCE, from the chain's events (the module's window and
 * zones, the TaskBoard's tasks and completions, the ledger's offers and redemptions, the issuance controller's
 * budget and cap, the accreditations) and the installed package (catalog, rules, parameters, manifest), plus the
 * evidence documents participants published. Every figure is computed here from those; see the comments where
 * each is set. The record is validated against the MCE-record schema (and its code rules) before it is returned.
 *
 * {@link MceEventNotFoundError}, {@link MceEventNotFinishedError} (the window has not closed), {@link
 * MceModuleMismatchError}, SchemaValidationError.
 */
export async function exportMceRecord(client: CityReadClient, parameters: ExportMceRecordParameters): Promise<ExportMceRecordReturnType> {
  const { city } = parameters;
  const fromBlock = parameters.fromBlock ?? 0n;
  const moduleName = parameters.moduleName ?? BLIGHT_MCE;
  const event = await findMceEvent(client, { city, event: parameters.event, fromBlock, moduleName });
  // Finished: the window has closed, so no claim or completion can change the figures (the TaskBoard refuses them).
  const now = (await getBlock(client, { blockTag: 'latest' })).timestamp;
  if (event.start === 0n || now < event.end) throw new MceEventNotFinishedError(event.id, event.end, now);

  // The catalog, rules and parameters must be the ones the event ran with: the kernel's content hash says so.
  const pkg = readModuleDirectory(typeof parameters.moduleDir === 'string' ? parameters.moduleDir : parameters.moduleDir(event));
  if (pkg.contentHash !== event.contentHash || pkg.manifest.name !== event.name) {
    throw new MceModuleMismatchError(pkg.dir, event, { name: pkg.manifest.name, version: pkg.manifest.version, contentHash: pkg.contentHash });
  }
  const { manifest } = pkg;
  const window = await readEvent(client, { module: event.module });

  // ---- tasks and completions of this event: its module's tasks published since its install.
  const eventRange = { fromBlock: event.installedBlock, toBlock: 'latest', strict: true } as const;
  const published = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'TaskPublished', args: { moduleId: toId(moduleName) }, ...eventRange });
  const tasks = new Map(published.map((l) => [l.args.taskId, { issuer: getAddress(l.args.issuer), ...l.args.params }]));
  // Every submission in the city since its deployment: the event's are those on its tasks; earlier ones tell
  // who was active in the city before the event (newcomers).
  const allSubmitted = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionSubmitted', fromBlock, toBlock: 'latest', strict: true });
  const verifiedLogs = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionVerified', ...eventRange });
  const rejectedLogs = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionRejected', ...eventRange });
  const approvedLogs = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionApproved', ...eventRange });
  const verified = new Map(verifiedLogs.map((l) => [l.args.completionId, l.args.credits]));
  const rejected = new Set(rejectedLogs.map((l) => l.args.completionId));
  const approved = new Set(approvedLogs.map((l) => l.args.completionId));

  const times = new Map<bigint, bigint>();
  const timeOf = async (blockNumber: bigint): Promise<bigint> => {
    let t = times.get(blockNumber);
    if (t === undefined) {
      t = (await getBlock(client, { blockNumber })).timestamp;
      times.set(blockNumber, t);
    }
    return t;
  };
  const completions: EventCompletion[] = [];
  const activeBefore = new Set<Address>();
  for (const log of allSubmitted) {
    const participant = getAddress(log.args.participant);
    const task = tasks.get(log.args.taskId);
    if (task === undefined) {
      // Logs before the install are before the event's start; later ones of other modules are checked by time.
      if (log.blockNumber < event.installedBlock || (await timeOf(log.blockNumber)) < event.start) activeBefore.add(participant);
      continue;
    }
    const { completionId } = log.args;
    completions.push({
      completionId,
      taskId: log.args.taskId,
      participant,
      zoneId: task.zoneId,
      submittedAt: await timeOf(log.blockNumber),
      status: verified.has(completionId) ? 'verified' : rejected.has(completionId) ? 'rejected' : 'submitted',
      approved: approved.has(completionId),
    });
  }
  const measured = measureOutcomes({ start: event.start, end: event.end, completions, activeBefore, zones: window.zones.map((z) => z.zoneId) });
  // Credits issued: what CompletionVerified minted for the event's completions (each at its task's rate).
  const creditsIssued = completions.reduce((sum, c) => sum + (verified.get(c.completionId) ?? 0n), 0n);

  // ---- issuers: who published the event's tasks, in order of first publication, and how many were verified.
  const labels = labelsByHash([...(parameters.labels ?? []), ...(pkg.offerings?.offerings ?? []).map((o) => `${manifest.name}#${o.id}: ${o.title}`)]);
  const names = await organizationNames(client, { city, labels, fromBlock });
  const issuerStats = new Map<Address, { tasksPublished: number; completionsVerified: number }>();
  for (const [, task] of tasks) {
    const s = issuerStats.get(task.issuer) ?? { tasksPublished: 0, completionsVerified: 0 };
    s.tasksPublished += 1;
    issuerStats.set(task.issuer, s);
  }
  for (const c of completions) {
    const s = issuerStats.get(tasks.get(c.taskId)?.issuer ?? '0x');
    if (s !== undefined && c.status === 'verified') s.completionsVerified += 1;
  }
  const issuers: MceRecord['issuers'] = [...issuerStats].map(([address, s]) => {
    const name = names.get(address);
    return { address, ...(name === undefined ? {} : { name }), ...s };
  });

  // ---- the task catalog actually used: the package's entries for the types published, each with the rate paid
  // (the rate most verified completions were paid at; the published rate if none was verified) as its default.
  const usedTypes = new Set(published.map((l) => l.args.params.taskType));
  const taskCatalog: MceRecord['taskCatalog'] = [];
  const incentives: MceRecord['incentives'] = [];
  for (const type of pkg.catalog.taskTypes) {
    const id = toId(type.id);
    if (!usedTypes.has(id)) continue;
    const paid = completions.filter((c) => c.status === 'verified' && tasks.get(c.taskId)?.taskType === id).map((c) => tasks.get(c.taskId)?.rate ?? 0n);
    const offered = [...tasks.values()].filter((t) => t.taskType === id).map((t) => t.rate);
    const rate = Number(modeOf(paid.length > 0 ? paid : offered) ?? BigInt(type.rate.default));
    taskCatalog.push({ ...type, rate: { default: rate, min: Math.min(type.rate.min, rate), max: Math.max(type.rate.max, rate) } });
    // A bonus rate is an incentive: issuers paying above the catalog's default for this type.
    const above = [...new Set(offered.filter((r) => r > BigInt(type.rate.default)))].sort((a, b) => (a < b ? -1 : 1));
    if (above.length > 0) {
      const by = [...new Set([...tasks.values()].filter((t) => t.taskType === id && t.rate > BigInt(type.rate.default)).map((t) => names.get(t.issuer) ?? t.issuer))];
      incentives.push({ id: `${type.id}-bonus-rate`.slice(0, 64).replace(/-+$/, ''), description: `${by.join(', ')} paid ${above.join(' or ')} credits per ${type.title.toLowerCase()} instead of the catalog's ${type.rate.default}.`.slice(0, 500), taskType: type.id });
    }
  }
  const ruleIds = new Set(taskCatalog.map((t) => t.verification));
  const verificationRules = pkg.rules.rules.filter((r) => ruleIds.has(r.id));

  // ---- offers and redeemers: the event's business offers (buildReport's selection), with what was redeemed. The
  // report reads from the city's deployment, as `dpan mce report` does, so the metrics below are the report's.
  const report = await buildReport(client, { city, module: event.module, catalog: pkg.catalog, evidence: parameters.evidence, fromBlock });
  const offered = await eventOffers(client, { city, offers: report.summary.offers, labels, names, eventEnd: event.end, fromBlock: event.installedBlock });

  // ---- parameters in force: what the chain enforced for the event, else the city's files, else the package's.
  const chainValues: Record<string, number | undefined> = {
    'event.durationSeconds': toCount(event.end - event.start),
    'offers.graceSeconds': offered.graceSeconds,
    'zones.top': window.zones.length > 0 ? window.zones.length : undefined,
    'zones.resolution': resolutionOf(window.zones.map((z) => z.cell)),
    'period.lengthSeconds': toCount(await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'periodLength' })),
    'budget.perPeriod': await budgetInForce(client, { city, moduleName, end: event.end, fromBlock, timeOf }),
    'issuance.coverageRatioBps': await coverageInForce(client, { city, moduleName, installedBlock: event.installedBlock, fromBlock }),
  };
  const parametersMap = parametersInForce({ module: pkg.parameters, city: parameters.cityParameters, chain: chainValues });

  // ---- the manifest's outcome metrics, measured as `dpan mce report` measures them.
  const measures: Record<string, number> = {
    'hazards-reported': report.hazards.features.length,
    'zones-cleared': report.summary.zones.cleared.length,
    participants: report.summary.participants,
    newcomers: report.summary.newcomers,
    'credits-redeemed': toCount(report.summary.creditsRedeemed),
  };
  const metrics = (manifest.outcomeMetrics ?? []).flatMap((m) => {
    const value = measures[m.id];
    // A metric this exporter cannot measure (a fork's own) is left out rather than reported as 0.
    if (value === undefined) return [];
    const target = parameters.targets?.[m.id];
    return [{ id: m.id, description: m.description, unit: m.unit, value, ...(target === undefined ? {} : { target }) }];
  });

  // ---- lineage: the version the kernel installed, and its forkedFrom chain, nearest first.
  const ancestors: string[] = [];
  for (let ref: string | null | undefined = manifest.forkedFrom; typeof ref === 'string' && ancestors.length < MAX_ANCESTORS && !ancestors.includes(ref); ) {
    ancestors.push(ref);
    ref = parameters.forkedFromOf === undefined ? undefined : await parameters.forkedFromOf(ref);
  }

  const cityName =
    parameters.cityName ?? (await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'name' })).replace(/ Civic Credit$/, '');
  const ticker = await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'symbol' });
  // The goal: the module's own statement of purpose, placed in this city and window with what the event set up.
  const goal = `${cityName}, ${isoOf(event.start)} to ${isoOf(event.end)}: ${manifest.description} This event registered ${window.zones.length} priority zones; ${issuers.length} issuers published ${tasks.size} tasks.`;

  const record: MceRecord = {
    $schema: MCE_RECORD_SCHEMA,
    goal: goal.length > 1000 ? `${goal.slice(0, 997)}...` : goal,
    event: { id: event.id, city: cityName.slice(0, 64), ticker, chainId: await getChainId(client), start: isoOf(event.start), end: isoOf(event.end) },
    taskCatalog,
    verificationRules,
    issuers,
    redeemers: offered.redeemers,
    offers: offered.offers,
    incentives: [...incentives, ...offered.incentives],
    parameters: parametersMap,
    outcomes: {
      ...measured,
      creditsIssued: toCount(creditsIssued),
      // Credits redeemed: burned on the event's business offers (the same offers as above).
      creditsRedeemed: toCount(report.summary.creditsRedeemed),
      metrics,
    },
    lineage: { module: `${event.name}@${event.version}`, ancestors },
    // exportedAt: now, or the chain's clock when it runs ahead (a fast-forwarded dev chain), so a record is never
    // dated before the event it records ended.
    exportedAt: isoOf(parameters.exportedAt === undefined ? BigInt(Math.max(Math.floor(Date.now() / 1000), Number(now))) : BigInt(Math.floor(parameters.exportedAt.getTime() / 1000))),
  };
  assertDocument('mce-record', record, { file: 'record.json' });
  return { record, event, missingEvidence: report.summary.missingEvidence };
}

/** The zones' H3 resolution when they share one (they do when registered by `dpan mce zones`). */
function resolutionOf(cells: readonly (string | undefined)[]): number | undefined {
  const resolutions = new Set(cells.flatMap((c) => (c === undefined ? [] : [getResolution(c)])));
  return resolutions.size === 1 ? [...resolutions][0] : undefined;
}

/** The module's budget line when the event ended: the last `ModuleBudgetSet` before its end. */
async function budgetInForce(
  client: CityReadClient,
  parameters: { city: Pick<CityContracts, 'issuance'>; moduleName: string; end: bigint; fromBlock: bigint; timeOf: (block: bigint) => Promise<bigint> },
): Promise<number | undefined> {
  const logs = await getContractEvents(client, { address: parameters.city.issuance, abi: IssuanceControllerAbi, eventName: 'ModuleBudgetSet', args: { moduleId: toId(parameters.moduleName) }, fromBlock: parameters.fromBlock, toBlock: 'latest', strict: true });
  let budget: bigint | undefined;
  for (const log of logs) if ((await parameters.timeOf(log.blockNumber)) < parameters.end) budget = log.args.perPeriod;
  return budget === undefined ? undefined : toCount(budget);
}

/**
 * The coverage ratio the event's period cap was fixed with (`PeriodCapFixed` of the period the event's first
 * credits were issued in); the ratio set now if the event issued nothing.
 */
async function coverageInForce(client: CityReadClient, parameters: { city: Pick<CityContracts, 'issuance'>; moduleName: string; installedBlock: bigint; fromBlock: bigint }): Promise<number> {
  const range = { fromBlock: parameters.installedBlock, toBlock: 'latest', strict: true } as const;
  const [first] = await getContractEvents(client, { address: parameters.city.issuance, abi: IssuanceControllerAbi, eventName: 'Issued', args: { moduleId: toId(parameters.moduleName) }, ...range });
  if (first !== undefined) {
    const [fixed] = await getContractEvents(client, { address: parameters.city.issuance, abi: IssuanceControllerAbi, eventName: 'PeriodCapFixed', args: { period: first.args.period }, fromBlock: parameters.fromBlock, toBlock: 'latest', strict: true });
    if (fixed !== undefined) return toCount(fixed.args.ratioBps);
  }
  const [ratioBps] = await readContract(client, { address: parameters.city.issuance, abi: IssuanceControllerAbi, functionName: 'coverage' });
  return toCount(ratioBps);
}

