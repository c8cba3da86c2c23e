// runBlightEvent: a whole blight & safety MCE on a real chain, through the SDK a city team uses. A city directory
// is made from an example (city.json, governance.json), deployed, its organizations accredited by its committee;
// the general economy runs a week before (so some participants are not newcomers); the blight module is installed
// through the kernel and committees, its event scheduled, 311 zones registered and assigned to four issuers, three
// business offers opened; participants complete tasks over two days with evidence documents, issuers verify or
// reject, participants redeem; the clock passes the window's end. Used by the record fixture script, the export
// test and the end-to-end test (run -> export -> scaffold -> publish -> install).
import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type CityContracts, type CityWalletClient, type CommitteeName, OrgRoles, accredit, approveProposal, claimTask, executeDecisions, executeProposal, publishTask, redeem, rejectCompletion, scheduleDecision, submitCompletion, verifyBatch } from '@citysync/sdk';
import { deployCityFromConfig, installModule } from '@citysync/sdk/node';
import { CivicCreditAbi } from '@citysync/contracts';
import { readModuleDirectory } from '@citysync/module-kit';
import type { CityConfig, EvidenceDocument } from '@citysync/schemas';
import { cellToLatLng } from 'h3-js';
import {
  type Address,
  type Chain,
  type PublicClient,
  type Transport,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  isAddressEqual,
  keccak256,
  toBytes,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlock, getChainId, readContract } from 'viem/actions';

import {
  type Zone,
  assignZones,
  completeHazardTask,
  delegateSchedulingCall,
  findMceEvent,
  hazardCategories,
  importZones,
  openEventOffer,
  publishEventTask,
  readEvent,
  registerZones,
  scheduleEventCall,
} from '../src/index.js';
import { type BlightScenario, type PlanBlightEventOptions, type ScenarioFigures, type ScenarioIssuer, type ScenarioOffering, planBlightEvent, scenarioFigures } from './blightScenario.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
export const BLIGHT_MODULE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ECONOMY_DIR = fileURLToPath(new URL('../../general-economy', import.meta.url));
const ECONOMY = '@citysync/dpan-general-economy';
const SAMPLE_311 = fileURLToPath(new URL('../test/fixtures/berkeley-311.synthetic.json', import.meta.url));
const BERKELEY = fileURLToPath(new URL('../../../examples/berkeley', import.meta.url));
const HOUR = 3_600n;

/** Dev account indexes: committees of the examples use 1-19; organizations 20-31; participants from 100. */
const ORGS = {
  publicWorks: { index: 20, roles: OrgRoles.ISSUER, label: 'Berkeley Public Works' },
  transportation: { index: 21, roles: OrgRoles.ISSUER, label: 'Berkeley Transportation Division' },
  parks: { index: 22, roles: OrgRoles.ISSUER, label: 'Berkeley Parks, Recreation & Waterfront' },
  library: { index: 23, roles: OrgRoles.ISSUER, label: 'Berkeley Public Library' },
  cafe: { index: 24, roles: OrgRoles.REDEEMER, label: 'Telegraph Avenue Cafe' },
  hardware: { index: 25, roles: OrgRoles.REDEEMER, label: 'Grove Street Hardware' },
  lunch: { index: 26, roles: OrgRoles.REDEEMER, label: 'Shattuck Lunch Counter' },
  transit: { index: 27, roles: OrgRoles.REDEEMER, label: 'AC Transit' },
  volunteers: { index: 28, roles: OrgRoles.ISSUER, label: 'Berkeley Volunteer Center' },
} as const;
const COORDINATOR = 29;
const PARTICIPANT_BASE = 100;
const OFFER_OF: Record<ScenarioOffering, keyof typeof ORGS> = { 'cafe-drink': 'cafe', 'hardware-discount': 'hardware', 'lunch-voucher': 'lunch' };

export type RunBlightEventParameters = PlanBlightEventOptions & {
  /** An anvil (the run moves its clock with anvil's methods), e.g. startAnvil()'s rpcUrl. */
  rpcUrl: string;
  /** Made from `example` (must be missing or empty but for `.citysync/`); the deployment, evidence and metadata are written into it. */
  cityDir: string;
  /** The blight module package to install (a copy, e.g. with a forkedFrom). Default: this repository's. */
  moduleDir?: string | undefined;
  /** A city directory to copy city.json and governance.json from. Default: examples/berkeley. */
  example?: string | undefined;
  /** Move the clock past the window's end at the end of the run (default true); false leaves the event running. */
  finish?: boolean | undefined;
  /** Progress lines. */
  log?: ((line: string) => void) | undefined;
  /** Called after each participant action (completion or redemption): `done` of `total` so far. */
  onProgress?: ((done: number, total: number) => void) | undefined;
};

export type RunBlightEventReturnType = {
  cityDir: string;
  rpcUrl: string;
  client: PublicClient<Transport, Chain>;
  city: CityContracts;
  /** The city's deployment block: read events from here. */
  fromBlock: bigint;
  /** The installed blight module package and contract. */
  moduleDir: string;
  module: Address;
  /** The event's id, as `dpan mce export --event` takes it. */
  eventId: string;
  start: bigint;
  end: bigint;
  /** Every evidence document submitted, also written one per file to `evidenceDir`. */
  evidence: EvidenceDocument[];
  evidenceDir: string;
  /** The organizations' accreditation metadata texts (their names), also written as a JSON array to `metadataFile`. */
  labels: string[];
  metadataFile: string;
  /** The event's announced targets by outcome metric id (the plan's; none unless `graduating`), also written as JSON to `targetsFile`. */
  targets: Record<string, number>;
  targetsFile: string;
  scenario: BlightScenario;
  /** What the plan must produce (computed from the plan, not read from the chain). */
  expected: ScenarioFigures;
  /** Addresses of the scenario's organizations. */
  orgs: Record<keyof typeof ORGS, Address>;
  /** Moves the clock past the window's end (nothing if it already is). */
  finish: () => Promise<void>;
};

/** Runs the blight & safety MCE of {@link planBlightEvent} on the chain at `rpcUrl`; see the file's header. */
export async function runBlightEvent(parameters: RunBlightEventParameters): Promise<RunBlightEventReturnType> {
  const log = parameters.log ?? (() => {});
  const { cityDir, rpcUrl } = parameters;
  const scenario = planBlightEvent(parameters);
  const moduleDir = parameters.moduleDir ?? BLIGHT_MODULE_DIR;
  const blight = readModuleDirectory(moduleDir);
  const expected = scenarioFigures(scenario, blight.catalog);
  const totalActions = scenario.completions.length + scenario.redemptions.length;
  let actionsDone = 0;
  const progress = (): void => parameters.onProgress?.(++actionsDone, totalActions);

  // The city's embedded chain may already keep its state in <cityDir>/.citysync/chain (npm start): that is allowed.
  if (existsSync(cityDir) && readdirSync(cityDir).some((f) => f !== '.citysync')) throw new Error(`${cityDir} is not empty`);
  mkdirSync(cityDir, { recursive: true });
  for (const file of ['city.json', 'governance.json']) copyFileSync(join(parameters.example ?? BERKELEY, file), join(cityDir, file));

  const transport = http(rpcUrl);
  const chain = defineChain({ id: await getChainId(createPublicClient({ transport })), name: 'anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const client = createPublicClient({ chain, transport, pollingInterval: 50 });
  const testClient = createTestClient({ mode: 'anvil', chain, transport });
  const wallet = (index: number): CityWalletClient => createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: index }), chain, transport, pollingInterval: 50 });
  const now = async (): Promise<bigint> => (await getBlock(client, { blockTag: 'latest' })).timestamp;
  const fastForward = async (readyAt: number | bigint): Promise<void> => {
    const t = await now();
    if (BigInt(readyAt) > t) await testClient.increaseTime({ seconds: Number(BigInt(readyAt) - t) });
    await testClient.mine({ blocks: 1 });
  };
  /** The next transaction's block is stamped `at` (the clock only moves forward). */
  const at = async (timestamp: bigint): Promise<void> => {
    if (timestamp > (await now())) await testClient.setNextBlockTimestamp({ timestamp });
  };

  log('deploying the city');
  const deployer = wallet(0);
  const { deployment, config } = await deployCityFromConfig({ dir: cityDir, wallet: deployer, publicClient: client, rpcUrl });
  const city = deployment.contracts;
  const committee = committeeWallets(config, wallet);
  const orgs = Object.fromEntries(Object.entries(ORGS).map(([k, o]) => [k, wallet(o.index)])) as Record<keyof typeof ORGS, CityWalletClient>;
  const participants = Array.from({ length: scenario.participants }, (_, i) => wallet(PARTICIPANT_BASE + i));
  // anvil funds accounts 0-9; the organizations and (here, sending directly instead of through the relayer) the
  // participants need gas.
  for (const w of [...Object.values(orgs), wallet(COORDINATOR), ...participants]) await testClient.setBalance({ address: w.account.address, value: 10n ** 20n });

  log('accrediting the organizations (the accreditation committee, its delay fast-forwarded)');
  const [proposer, approver] = committee('accreditation');
  if (proposer === undefined || approver === undefined) throw new Error('the accreditation committee needs two members');
  const accreditations: bigint[] = [];
  let readyAt = 0;
  for (const [key, org] of Object.entries(ORGS)) {
    const { proposalId } = await accredit(proposer, { city, org: orgs[key as keyof typeof ORGS].account.address, roles: org.roles, metadataHash: keccak256(toBytes(org.label)) });
    const { scheduled } = await approveProposal(approver, { committee: city.committees.accreditation, proposalId });
    readyAt = Math.max(readyAt, scheduled?.readyAt ?? 0);
    accreditations.push(proposalId);
  }
  await fastForward(readyAt);
  for (const proposalId of accreditations) await executeProposal(deployer, { committee: city.committees.accreditation, proposalId });
  const committees = { modules: committee('modules'), issuance: committee('issuance'), rates: committee('rates') };

  log('the general economy: installed, a week of volunteering before the event');
  const economy = await installModule({ dir: ECONOMY_DIR, city, wallet: deployer, committees, redeemers: { 'transit-ride': orgs.transit }, waitForDelay: fastForward });
  const transitOffer = economy.offers.find((o) => o.offering === 'transit-ride')?.offerId;
  if (transitOffer === undefined) throw new Error('the general economy opened no transit offer');
  // Redemption capacity backs the period cap once it has been on offer since a period began: the week of
  // volunteering starts with the period after the transit offer opened.
  const [, , economyPeriodEnd] = await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
  await fastForward(economyPeriodEnd);
  const { taskId: parkTask } = await publishTask(orgs.volunteers, { city, module: ECONOMY, taskType: 'park-cleanup', rate: 20n, slots: scenario.returning, end: (await now()) + 7n * 24n * HOUR, zone: 'citywide', evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')) });
  const before: bigint[] = [];
  for (const p of participants.slice(0, scenario.returning)) {
    await claimTask(p, { city, taskId: parkTask });
    before.push((await submitCompletion(p, { city, taskId: parkTask, evidenceHash: keccak256(toBytes(`${p.account.address}:${parkTask}`)) })).completionId);
  }
  if (before.length > 0) await verifyBatch(orgs.volunteers, { city, completionIds: before });

  log('installing the blight & safety MCE and scheduling its event');
  const installed = await installModule({ dir: moduleDir, city, wallet: deployer, committees, overrides: { 'budget.perPeriod': eventBudget(scenario.participants) }, waitForDelay: fastForward });
  const module = installed.module;
  const delegation = await scheduleDecision(city.committees.upgrades, committee('upgrades'), delegateSchedulingCall({ city, module }));
  await executeDecisions(deployer, () => city.committees.upgrades, [delegation], fastForward);
  const [, , periodEnd] = await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
  // The event runs in the next period: the business offers, opened before it begins, back that period's cap.
  const start = periodEnd + HOUR;
  const coordinator = wallet(COORDINATOR);
  const scheduling = await scheduleDecision(city.committees.modules, committees.modules, scheduleEventCall({ module, start, coordinator: coordinator.account.address }));
  await executeDecisions(deployer, () => city.committees.modules, [scheduling], fastForward);
  const window = await readEvent(client, { module });

  log('registering the top five 311 zones and assigning them to the four issuers');
  const { zones } = importZones({ file: SAMPLE_311, boundingBox: config.boundingBox, skipInvalid: true, top: 5 });
  await registerZones(coordinator, { module, zones });
  const cellOf = (rank: number): string => zoneOfRank(zones, rank).cell;
  for (const [issuer, ranks] of Object.entries(scenario.zones) as [ScenarioIssuer, number[]][]) {
    await assignZones(coordinator, { module, issuer: orgs[issuer].account.address, zoneIds: ranks.map((r) => zoneOfRank(zones, r).zoneId) });
  }

  log(`publishing ${scenario.tasks.length} tasks and opening the business offers`);
  const taskIds: bigint[] = [];
  for (const t of scenario.tasks) {
    taskIds.push((await publishEventTask(orgs[t.issuer], { city, module, taskType: t.taskType, rate: BigInt(t.rate), slots: t.slots, cell: cellOf(t.rank) })).taskId);
  }
  const grace = BigInt(blight.parameters.parameters['offers.graceSeconds']?.default ?? 0);
  const offerIds = {} as Record<ScenarioOffering, bigint>;
  for (const [offering, org] of Object.entries(OFFER_OF) as [ScenarioOffering, keyof typeof ORGS][]) {
    const template = blight.offerings?.offerings.find((o) => o.id === offering);
    if (template === undefined) throw new Error(`offerings.json has no ${offering}`);
    // The template's title: the label (and so the record's offering id and title) is recoverable from its hash.
    const { offerId } = await openEventOffer(orgs[org], { city, module, offering, title: template.title, price: BigInt(scenario.prices[offering]), capacity: BigInt(scenario.capacities[offering]), graceSeconds: grace });
    offerIds[offering] = offerId;
  }

  const evidence: EvidenceDocument[] = [];
  const evidenceDir = join(cityDir, 'evidence');
  mkdirSync(evidenceDir, { recursive: true });
  for (const day of [1, 2] as const) {
    log(`day ${day}: completions with evidence, then the issuers verify or reject`);
    const pending = new Map<ScenarioIssuer, { verify: bigint[]; reject: [bigint, number][] }>();
    for (const c of scenario.completions.filter((x) => x.day === day)) {
      const task = scenario.tasks[c.task];
      const who = participants[c.participant];
      const taskId = taskIds[c.task];
      if (task === undefined || who === undefined || taskId === undefined) throw new Error('inconsistent scenario');
      const type = blight.catalog.taskTypes.find((t) => t.id === task.taskType);
      const when = window.start + BigInt(c.at);
      const doc = evidenceDocument({ taskId, who: who.account.address, cell: cellOf(task.rank), kinds: type?.evidence.requiredObservations ?? [], photos: Math.max(1, type?.evidence.photosMin ?? 1), seed: c.participant * 31 + c.task, minutes: type?.durationMinutes ?? 60, at: when });
      await at(when);
      const { completionId } = await completeHazardTask(who, { city, evidence: doc, catalog: blight.catalog, claim: true });
      evidence.push(doc);
      writeFileSync(join(evidenceDir, `completion-${completionId}.json`), `${JSON.stringify(doc, null, 2)}\n`);
      const lists = pending.get(task.issuer) ?? { verify: [], reject: [] };
      if (c.reject === undefined) lists.verify.push(completionId);
      else lists.reject.push([completionId, c.reject]);
      pending.set(task.issuer, lists);
      progress();
    }
    await at(window.start + BigInt(day * 24 - 2) * HOUR);
    for (const [issuer, lists] of pending) {
      if (lists.verify.length > 0) await verifyBatch(orgs[issuer], { city, completionIds: lists.verify });
      for (const [completionId, reasonCode] of lists.reject) await rejectCompletion(orgs[issuer], { city, completionId, reasonCode });
    }
  }

  log(`${scenario.redemptions.length} redemptions${parameters.finish === false ? '' : ', then the window closes'}`);
  for (const r of scenario.redemptions) {
    const who = participants[r.participant];
    if (who === undefined) throw new Error('inconsistent scenario');
    await redeem(who, { city, offerId: r.offering === 'transit-ride' ? transitOffer : offerIds[r.offering], units: BigInt(r.units) });
    progress();
  }
  const finish = async (): Promise<void> => {
    if ((await now()) < window.end) await fastForward(window.end);
  };
  if (parameters.finish !== false) await finish();

  const labels = Object.values(ORGS).map((o) => o.label);
  const metadataFile = join(cityDir, 'metadata.json');
  writeFileSync(metadataFile, `${JSON.stringify(labels, null, 2)}\n`);
  const targetsFile = join(cityDir, 'targets.json');
  writeFileSync(targetsFile, `${JSON.stringify(scenario.targets, null, 2)}\n`);
  const { id: eventId } = await findMceEvent(client, { city, event: module, fromBlock: deployment.blockNumber });
  return {
    cityDir,
    rpcUrl,
    client,
    city,
    fromBlock: deployment.blockNumber,
    moduleDir,
    module,
    eventId,
    start: window.start,
    end: window.end,
    evidence,
    evidenceDir,
    labels,
    metadataFile,
    targets: scenario.targets,
    targetsFile,
    scenario,
    expected,
    orgs: Object.fromEntries(Object.entries(orgs).map(([k, w]) => [k, w.account.address])) as Record<keyof typeof ORGS, Address>,
    finish,
  };
}

/** The dev wallets of a committee's members as city.json lists them (the examples' members are dev accounts). */
function committeeWallets(config: CityConfig, wallet: (index: number) => CityWalletClient): (name: CommitteeName) => CityWalletClient[] {
  const dev = Array.from({ length: 40 }, (_, i) => wallet(i));
  return (name) => {
    const entry = config.committees.find((c) => c.name === name);
    if (entry === undefined) throw new Error(`city.json has no ${name} committee`);
    return entry.members.map((address) => {
      const member = dev.find((w) => isAddressEqual(w.account.address, address as Address));
      if (member === undefined) throw new Error(`committee member ${address} is not a dev account`);
      return member;
    });
  };
}

function zoneOfRank(zones: readonly Zone[], rank: number): Zone {
  const zone = zones.find((z) => z.rank === rank);
  if (zone === undefined) throw new Error(`no zone of rank ${rank}`);
  return zone;
}

/** A document the module's evidence rules accept: the type's required observations, photos, a point in the zone. */
function evidenceDocument(p: { taskId: bigint; who: Address; cell: string; kinds: readonly string[]; photos: number; seed: number; minutes: number; at: bigint }): EvidenceDocument {
  const [lat, lon] = cellToLatLng(p.cell);
  const observations = p.kinds.map((kind, i) => {
    if (kind === 'hazard-category') return { kind, value: hazardCategories[(p.seed + i) % hazardCategories.length] as string };
    if (kind === 'severity') return { kind, value: 1 + (p.seed % 5) };
    return { kind, value: 1 + ((p.seed + i) % 6) };
  });
  const iso = (t: bigint) => new Date(Number(t) * 1000).toISOString().replace('.000Z', 'Z');
  return {
    taskId: p.taskId.toString(),
    participant: p.who,
    observations: observations.length > 0 ? observations : [{ kind: 'attended', value: 1 }],
    photos: Array.from({ length: p.photos }, (_, i) => ({ sha256: keccak256(toBytes(`${p.taskId}:${p.who}:${i}`)).slice(2), mediaType: 'image/jpeg' })),
    location: { lat, lon },
    startedAt: iso(p.at - BigInt(p.minutes * 60)),
    completedAt: iso(p.at),
    zoneId: p.cell,
  };
}

/** The event's budget line: 5,000 credits (the committed fixture's) up to 125 participants, 40 a participant beyond. */
function eventBudget(participants: number): number {
  return Math.max(5_000, participants * 40);
}
