import { type CityContracts, type CityReadClient, hashEvidence, toId } from '@citysync/sdk';
import { CivicCreditAbi, TaskBoardAbi } from '@citysync/contracts';
import type { EvidenceDocument, TaskCatalog } from '@citysync/schemas';
import type { Address, Hex } from 'viem';
import { getBlock, getContractEvents } from 'viem/actions';

import { isHazardCategory } from './categories.js';
import type { FeatureCollection, HazardFeature } from './geojson.js';
import { BLIGHT_MCE } from './publishEventTask.js';
import { readEvent } from './readEvent.js';

export type BuildReportParameters = {
  city: Pick<CityContracts, 'taskBoard' | 'credit'>;
  module: Address;
  /** The module's package name, under which the kernel installed it (a fork's own name). Default: BLIGHT_MCE. */
  moduleName?: string | undefined;
  catalog: TaskCatalog;
  /** Evidence documents the participants published; only those whose hash a verified completion carries count. */
  evidence?: readonly EvidenceDocument[] | undefined;
  /** First block to read (the city's deployment block). Default 0. */
  fromBlock?: bigint | undefined;
};

export type IssuerSummary = { issuer: Address; tasks: number; slots: number; submitted: number; verified: number; credits: bigint };

export type MceReportSummary = {
  event: { start: bigint; end: bigint; coordinator: Address };
  tasksByIssuer: IssuerSummary[];
  completions: { submitted: number; verified: number; rejected: number };
  creditsIssued: bigint;
  creditsRedeemed: bigint;
  /** Business offers opened for the event (windowed offers starting at the event's start). */
  offers: { offerId: bigint; redeemer: Address; price: bigint; end: bigint; units: bigint; credits: bigint }[];
  zones: { registered: number; cleared: string[] };
  participants: number;
  /** Participants whose first verified completion in the city is one of the event's. */
  newcomers: number;
  /** Verified completions whose evidence document was not supplied (not in the hazard dataset). */
  missingEvidence: number;
};

export type BuildReportReturnType = { summary: MceReportSummary; hazards: FeatureCollection<HazardFeature> };

/**
 * The event's record, from chain events alone (plus the published evidence documents for the hazard dataset,
 * each matched to a verified completion by its content hash): tasks by issuer, completions, credits issued and
 * redeemed on the event's business offers, zones cleared (a registered zone with a verified cleanup, i.e. a task
 * type verified by the issuer-zone-check rule), participants and newcomers; and every verified hazard observation
 * as a GeoJSON Point with its category and severity.
 */
export async function buildReport(client: CityReadClient, parameters: BuildReportParameters): Promise<BuildReportReturnType> {
  const { city, catalog } = parameters;
  const fromBlock = parameters.fromBlock ?? 0n;
  const event = await readEvent(client, { module: parameters.module });
  const range = { fromBlock, toBlock: 'latest', strict: true } as const;
  const published = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'TaskPublished', args: { moduleId: toId(parameters.moduleName ?? BLIGHT_MCE) }, ...range });
  const tasks = new Map(published.map((log) => [log.args.taskId, { issuer: log.args.issuer, params: log.args.params }]));
  const submitted = (await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionSubmitted', ...range })).filter((l) => tasks.has(l.args.taskId));
  const allVerified = await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionVerified', ...range });
  const verified = allVerified.filter((l) => tasks.has(l.args.taskId));
  const completionIds = new Set(submitted.map((l) => l.args.completionId));
  const rejected = (await getContractEvents(client, { address: city.taskBoard, abi: TaskBoardAbi, eventName: 'CompletionRejected', ...range })).filter((l) => completionIds.has(l.args.completionId));

  const byIssuer = new Map<Address, IssuerSummary>();
  for (const [, t] of tasks) {
    const s = byIssuer.get(t.issuer) ?? { issuer: t.issuer, tasks: 0, slots: 0, submitted: 0, verified: 0, credits: 0n };
    s.tasks += 1;
    s.slots += t.params.slots;
    byIssuer.set(t.issuer, s);
  }
  for (const l of submitted) {
    const s = byIssuer.get(tasks.get(l.args.taskId)?.issuer ?? '0x');
    if (s !== undefined) s.submitted += 1;
  }
  let creditsIssued = 0n;
  for (const l of verified) {
    creditsIssued += l.args.credits;
    const s = byIssuer.get(tasks.get(l.args.taskId)?.issuer ?? '0x');
    if (s !== undefined) {
      s.verified += 1;
      s.credits += l.args.credits;
    }
  }

  // Business offers of the event and what was redeemed on them.
  const created = await getContractEvents(client, { address: city.credit, abi: CivicCreditAbi, eventName: 'OfferCreated', ...range });
  const offers = created
    .filter((l) => event.start !== 0n && BigInt(l.args.start) === event.start)
    .map((l) => ({ offerId: l.args.offerId, redeemer: l.args.redeemer, price: l.args.price, end: BigInt(l.args.end), units: 0n, credits: 0n }));
  const redeemed = await getContractEvents(client, { address: city.credit, abi: CivicCreditAbi, eventName: 'Redeemed', ...range });
  let creditsRedeemed = 0n;
  for (const l of redeemed) {
    const offer = offers.find((o) => o.offerId === l.args.offerId);
    if (offer === undefined) continue;
    offer.units += l.args.units;
    offer.credits += l.args.credits;
    creditsRedeemed += l.args.credits;
  }

  // Zones cleared: a verified cleanup in a registered zone.
  const cleanupTypes = new Set(catalog.taskTypes.filter((t) => t.verification === 'issuer-zone-check').map((t) => toId(t.id)));
  const cleared = new Set<string>();
  for (const l of verified) {
    const t = tasks.get(l.args.taskId);
    const zone = t === undefined ? undefined : event.zones.find((z) => z.zoneId === t.params.zoneId);
    if (t !== undefined && zone?.cell !== undefined && cleanupTypes.has(t.params.taskType)) cleared.add(zone.cell);
  }

  // Participants and newcomers: first verified completion anywhere in the city at or after the event's start.
  const participants = new Set(verified.map((l) => l.args.participant));
  const firstBlock = new Map<Address, bigint>();
  for (const l of allVerified) if (!firstBlock.has(l.args.participant)) firstBlock.set(l.args.participant, l.blockNumber);
  let newcomers = 0;
  for (const p of participants) {
    const block = firstBlock.get(p);
    if (block !== undefined && (await getBlock(client, { blockNumber: block })).timestamp >= event.start) newcomers += 1;
  }

  // The hazard dataset: verified observations whose document was published.
  const documents = new Map<Hex, EvidenceDocument>();
  for (const doc of parameters.evidence ?? []) documents.set(hashEvidence(doc), doc);
  const evidenceOf = new Map(submitted.map((l) => [l.args.completionId, l.args.evidenceHash]));
  const features: HazardFeature[] = [];
  let missingEvidence = 0;
  for (const l of verified) {
    const hash = evidenceOf.get(l.args.completionId);
    const doc = hash === undefined ? undefined : documents.get(hash);
    if (doc === undefined || hash === undefined) {
      missingEvidence += 1;
      continue;
    }
    const category = doc.observations.find((o) => o.kind === 'hazard-category');
    const severity = doc.observations.find((o) => o.kind === 'severity');
    if (!isHazardCategory(category?.value) || typeof severity?.value !== 'number') continue;
    features.push({
      type: 'Feature',
      id: `completion-${l.args.completionId}`,
      geometry: { type: 'Point', coordinates: [doc.location.lon, doc.location.lat] },
      properties: {
        category: category.value,
        severity: severity.value,
        taskId: l.args.taskId.toString(),
        completionId: l.args.completionId.toString(),
        participant: l.args.participant,
        zone: doc.zoneId,
        evidenceHash: hash,
        photos: doc.photos.map((p) => p.sha256),
        note: category.note ?? severity.note,
        completedAt: doc.completedAt,
      },
    });
  }

  return {
    summary: {
      event: { start: event.start, end: event.end, coordinator: event.coordinator },
      tasksByIssuer: [...byIssuer.values()],
      completions: { submitted: submitted.length, verified: verified.length, rejected: rejected.length },
      creditsIssued,
      creditsRedeemed,
      offers,
      zones: { registered: event.zones.length, cleared: [...cleared].sort() },
      participants: participants.size,
      newcomers,
      missingEvidence,
    },
    hazards: { type: 'FeatureCollection', features },
  };
}
