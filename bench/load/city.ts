// The cleanup-weekend scenario on one city: set up through the SDK's actions (deploy, committee accreditation,
// offers, tasks), then the weekend in bulk through the pipeline (check-ins, batch verification, redemptions), then
// an audit of the outcome on chain. Everything from the deployment to the last redemption's check is timed.
import { createHash } from 'node:crypto';

import {
  type Address,
  type Hex,
  type PublicClient,
  encodeEventTopics,
  encodeFunctionData,
  hexToBigInt,
  keccak256,
  toBytes,
} from 'viem';

import { type CityWalletClient, type CommitteeName, type DeployCityReturnType, type EvidenceDocument, OrgRoles, accredit, approveProposal, committeeNames, createOffer, deployCity, executeProposal, getBalances, hashEvidence, publishTask } from '@citysync/sdk';
import { CivicCreditAbi, IssuanceControllerAbi, TaskBoardAbi, VoteTokenAbi } from '@citysync/contracts';
import { type BulkClients, type BulkLog, type BulkTx, type Mining, type PhaseReport, chunked, runPhase } from './pipeline.js';

/** How a participant checks in: one `claimAndSubmit`, or `claim` then `submitCompletion`. */
export type Variant = 'claimAndSubmit' | 'claimThenSubmit';

export type Organizations = {
  deployer: CityWalletClient;
  members: readonly [CityWalletClient, CityWalletClient, CityWalletClient];
  issuers: readonly CityWalletClient[];
  redeemers: readonly CityWalletClient[];
  verifiers: readonly CityWalletClient[];
  guardian: Address;
};

export type ScenarioShape = {
  participants: readonly Address[];
  /** Tasks per issuer; every participant checks in to two tasks of different issuers. */
  tasksPerIssuer: number;
  /** Participants who redeem one unit each. */
  redemptions: number;
  /** Completions per `verifyBatch`. */
  batchSize: number;
};

export type PipelineOptions = {
  mining: Mining;
  /** Transactions per JSON-RPC batch. */
  batch: number;
  /** Transactions per block (manual mining), and verifyBatch transactions per block. */
  blockTxs: number;
  verifyBlockTxs: number;
  anvilPid?: number | undefined;
};

export type ScenarioReport = {
  variant: Variant;
  loadSeconds: number;
  completions: number;
  completionsPerSecond: number;
  transactions: { setup: number; bulk: number; total: number };
  gasUsed: { bulk: string };
  blocks: number;
  setup: Record<'deploySeconds' | 'accreditSeconds' | 'offersSeconds' | 'tasksSeconds', number>;
  /** The evidence documents validated and hashed, one core of this machine (participants' devices; not in loadSeconds). */
  evidenceSeconds: number;
  phases: PhaseReport[];
  audit: Record<string, string | number>;
  auditSeconds: number;
};

const MODULE = '@citysync/dpan-general-economy';
const COMMITTEE_DELAY = 3_600;
const RATE = 10n;
const EVIDENCE_SCHEMA = keccak256(toBytes('https://schemas.citysync.dev/evidence.schema.json'));
// Philadelphia's bounding box, for plausible evidence locations.
const BBOX = { south: 39.867, west: -75.28, north: 40.138, east: -74.955 };
const ZONES = [
  'fairmount-park', 'kensington', 'germantown', 'south-philly', 'west-philly',
  'northern-liberties', 'manayunk', 'frankford', 'point-breeze', 'strawberry-mansion',
];
/** price (credits per unit), capacity (units per period): 400,000 credits of capacity, x 80% coverage = the cap. */
const OFFERS = [
  { name: 'SEPTA day pass', price: 10n, capacity: 20_000n },
  { name: 'Philadelphia Museum of Art entry', price: 20n, capacity: 5_000n },
  { name: 'Recreation center swim session', price: 5n, capacity: 10_000n },
  { name: 'Free Library makerspace hour', price: 10n, capacity: 5_000n },
];
const COVERAGE_BPS = 8_000;

// Gas limits given with each bulk transaction (anvil then does not estimate). A transaction that runs out fails
// the phase's check instead of being counted.
const GAS = { checkIn: 300_000n, claim: 150_000n, submit: 200_000n, verifyBatch: 8_000_000n, redeem: 150_000n };

const topic = (abi: typeof TaskBoardAbi | typeof CivicCreditAbi, eventName: string): Hex =>
  encodeEventTopics({ abi: abi as typeof TaskBoardAbi, eventName: eventName as 'TaskClaimed' })[0];

/** Runs the weekend on a freshly deployed city and audits the outcome. */
export async function runScenario(
  clients: BulkClients,
  orgs: Organizations,
  shape: ScenarioShape,
  variant: Variant,
  pipeline: PipelineOptions,
  log: (line: string) => void,
): Promise<ScenarioReport> {
  const { publicClient, testClient } = clients;
  const started = performance.now();
  const lap = (() => {
    let last = performance.now();
    return () => {
      const now = performance.now();
      const s = Math.round(now - last) / 1000;
      last = now;
      return s;
    };
  })();
  await testClient.setAutomine(true);

  // ---- setup, through the SDK's actions, each transaction awaited as an operator would
  const committee = { members: orgs.members.map((m) => m.account.address), threshold: 2, delaySeconds: COMMITTEE_DELAY };
  const capacityValue = OFFERS.reduce((sum, o) => sum + o.price * o.capacity, 0n);
  const city = await deployCity(orgs.deployer, {
    name: 'Philadelphia',
    symbol: 'PHL',
    periodLength: 7 * 24 * 3_600,
    coverage: { ratioBps: COVERAGE_BPS, minBps: 5_000, maxBps: 10_000 },
    rateBounds: { min: 1n, max: 100n },
    priceBounds: { min: 1n, max: 500n },
    committees: Object.fromEntries(committeeNames.map((name) => [name, committee])) as Record<
      CommitteeName,
      typeof committee
    >,
    guardians: [orgs.guardian],
    governor: { votingDelay: 3_600, votingPeriod: 3 * 24 * 3_600, proposalThreshold: 1n, quorumPercent: 4 },
    budgets: [{ module: MODULE, perPeriod: capacityValue, policy: 'open' }],
  });
  const deploySeconds = lap();
  log(`  city deployed in ${deploySeconds} s`);

  let setupTxs = 11; // the factory, the manager, 8 implementations and deployCity (the forwarder is predicted by a read)
  const accreditations: [CityWalletClient, number][] = [
    ...orgs.issuers.map((o) => [o, OrgRoles.ISSUER] as [CityWalletClient, number]),
    ...orgs.redeemers.map((o) => [o, OrgRoles.REDEEMER] as [CityWalletClient, number]),
    ...orgs.verifiers.map((o) => [o, OrgRoles.VERIFIER] as [CityWalletClient, number]),
  ];
  // The committee's members and the organizations act independently, so their transactions are in flight
  // together (each account's nonces come from its nonce manager); each step waits for the one it depends on.
  const proposals = await Promise.all(
    accreditations.map(async ([org, roles]) => {
      const address = org.account.address;
      const { proposalId } = await accredit(orgs.members[0], { city, org: address, roles, metadataHash: keccak256(address) });
      return proposalId;
    }),
  );
  await Promise.all(
    proposals.map(async (proposalId) => {
      const { scheduled } = await approveProposal(orgs.members[1], { committee: city.committees.accreditation, proposalId });
      if (scheduled === undefined) throw new Error(`accreditation proposal ${proposalId} was not scheduled`);
    }),
  );
  // The committee's delay is real on chain; the embedded chain fast-forwards past it once for all of them.
  await testClient.increaseTime({ seconds: COMMITTEE_DELAY });
  await testClient.mine({ blocks: 1 });
  await Promise.all(
    proposals.map((proposalId) => executeProposal(orgs.members[2], { committee: city.committees.accreditation, proposalId })),
  );
  setupTxs += proposals.length * 3;
  const accreditSeconds = lap();
  log(`  ${accreditations.length} organizations accredited by the committee in ${accreditSeconds} s`);

  const offerIds = await Promise.all(
    OFFERS.map(async (offer, i) => {
      const redeemer = orgs.redeemers[i % orgs.redeemers.length]!;
      const metadataHash = keccak256(toBytes(offer.name));
      return (await createOffer(redeemer, { city, price: offer.price, capacity: offer.capacity, metadataHash })).offerId;
    }),
  );
  setupTxs += OFFERS.length;
  // Offers back the period cap from the period after they opened: the weekend runs in the next period.
  const [, , periodEnd] = await publicClient.readContract({ address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
  const opened = (await publicClient.getBlock()).timestamp;
  if (periodEnd > opened) await testClient.increaseTime({ seconds: Number(periodEnd - opened) });
  await testClient.mine({ blocks: 1 });
  const offersSeconds = lap();

  const now = (await publicClient.getBlock()).timestamp;
  const slots = Math.ceil((shape.participants.length * 2) / (orgs.issuers.length * shape.tasksPerIssuer));
  const planned = orgs.issuers.flatMap((issuer, i) =>
    Array.from({ length: shape.tasksPerIssuer }, (_, k) => ({ issuer, zone: ZONES[(i * shape.tasksPerIssuer + k) % ZONES.length]! })),
  );
  const tasks = await Promise.all(
    planned.map(async ({ issuer, zone }) => {
      const { taskId } = await publishTask(issuer, {
        city,
        module: MODULE,
        taskType: 'litter-pickup',
        rate: RATE,
        slots,
        end: now + 2n * 86_400n,
        zone,
        evidenceSchemaHash: EVIDENCE_SCHEMA,
      });
      return { id: taskId, issuer, zone };
    }),
  );
  setupTxs += tasks.length;
  const tasksSeconds = lap();
  log(`  ${OFFERS.length} offers and ${tasks.length} tasks in ${offersSeconds + tasksSeconds} s`);
  await testClient.setAutomine(pipeline.mining === 'auto');

  // ---- the weekend. Participant p checks in to tasks p and p + n/2 (mod n): two tasks of different issuers.
  // Each participant's device validates and hashes its evidence document (as it signs its transaction): that is
  // not the city's work, so it is timed apart and left out of loadSeconds.
  const n = tasks.length;
  const evidenceStarted = performance.now();
  const checkIns = [0, 1].flatMap((wave) =>
    shape.participants.map((participant, p) => {
      const task = tasks[(p + wave * Math.floor(n / 2)) % n]!;
      return { participant, task, evidenceHash: hashEvidence(evidenceOf(p, wave, participant, task)) };
    }),
  );
  const evidenceSeconds = Math.round(performance.now() - evidenceStarted) / 1000;
  lap();
  log(`  ${checkIns.length} evidence documents validated and hashed in ${evidenceSeconds} s (participants' devices)`);

  const nonces = new Map<Address, number>();
  const nextNonce = (address: Address) => {
    const nonce = nonces.get(address) ?? 0;
    nonces.set(address, nonce + 1);
    return nonce;
  };
  const txsPerCheckIn = variant === 'claimAndSubmit' ? 1 : 2;
  function* checkInChunks(): Generator<BulkTx[]> {
    const per = Math.max(1, Math.floor(pipeline.batch / txsPerCheckIn));
    for (let i = 0; i < checkIns.length; i += per) {
      const txs: BulkTx[] = [];
      for (const { participant, task, evidenceHash } of checkIns.slice(i, i + per)) {
        const to = city.taskBoard;
        if (variant === 'claimAndSubmit') {
          const data = encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claimAndSubmit', args: [task.id, evidenceHash] });
          txs.push({ from: participant, to, data, gas: GAS.checkIn, nonce: nextNonce(participant) });
        } else {
          const claim = encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [task.id] });
          const submit = encodeFunctionData({ abi: TaskBoardAbi, functionName: 'submitCompletion', args: [task.id, evidenceHash] });
          txs.push({ from: participant, to, data: claim, gas: GAS.claim, nonce: nextNonce(participant) });
          txs.push({ from: participant, to, data: submit, gas: GAS.submit, nonce: nextNonce(participant) });
        }
      }
      yield txs;
    }
  }
  const submitted = topic(TaskBoardAbi, 'CompletionSubmitted');
  const checkInPhase = await runPhase(clients, {
    name: 'check-ins',
    chunks: checkInChunks(),
    mining: pipeline.mining,
    blockTxs: pipeline.blockTxs,
    anvilPid: pipeline.anvilPid,
    // claimAndSubmit emits both events; claim and submitCompletion one each.
    expect:
      variant === 'claimAndSubmit'
        ? { address: city.taskBoard, topics: [submitted], count: 1 }
        : { address: city.taskBoard, topics: [topic(TaskBoardAbi, 'TaskClaimed'), submitted], count: 1 },
  });
  log(phaseLine(checkInPhase.report));

  // Each issuer verifies its own completions in arrival order, 50 per batch.
  const issuerOf = new Map(tasks.map((t) => [t.id, t.issuer]));
  const pending = new Map<CityWalletClient, bigint[]>();
  for (const entry of checkInPhase.logs) {
    if (entry.topics[0] !== submitted) continue;
    const [, completionId, taskId] = entry.topics.map((t) => hexToBigInt(t));
    const issuer = issuerOf.get(taskId!)!;
    const ids = pending.get(issuer) ?? [];
    ids.push(completionId!);
    pending.set(issuer, ids);
  }
  const verifyTxs: BulkTx[] = [];
  const issuerNonce = new Map<Address, number>();
  for (const issuer of orgs.issuers) {
    const address = issuer.account.address;
    issuerNonce.set(address, await publicClient.getTransactionCount({ address }));
  }
  const perIssuer = [...pending.entries()].map(([issuer, ids]) => ({ issuer, ids: ids.sort((a, b) => Number(a - b)) }));
  // Interleave the issuers' batches, as their verification teams work in parallel.
  for (let offset = 0; perIssuer.some((x) => offset < x.ids.length); offset += shape.batchSize) {
    for (const { issuer, ids } of perIssuer) {
      const batch = ids.slice(offset, offset + shape.batchSize);
      if (batch.length === 0) continue;
      const address = issuer.account.address;
      const nonce = issuerNonce.get(address)!;
      issuerNonce.set(address, nonce + 1);
      const data = encodeFunctionData({ abi: TaskBoardAbi, functionName: 'verifyBatch', args: [batch] });
      verifyTxs.push({ from: address, to: city.taskBoard, data, gas: GAS.verifyBatch, nonce });
    }
  }
  const verifyPhase = await runPhase(clients, {
    name: 'verification',
    // A verifyBatch call carries 50 ids: its batches are kept to a block's worth, far under anvil's body limit.
    chunks: chunked(verifyTxs, Math.min(pipeline.batch, pipeline.verifyBlockTxs)),
    mining: pipeline.mining,
    blockTxs: pipeline.verifyBlockTxs,
    anvilPid: pipeline.anvilPid,
    expect: { address: city.taskBoard, topics: [topic(TaskBoardAbi, 'CompletionVerified')], count: shape.batchSize },
  });
  log(phaseLine(verifyPhase.report));

  const redeemTxs: BulkTx[] = shape.participants.slice(0, shape.redemptions).map((participant, p) => ({
    from: participant,
    to: city.credit,
    data: encodeFunctionData({
      abi: CivicCreditAbi,
      functionName: 'redeem',
      args: [offerIds[p % offerIds.length]!, 1n, OFFERS[p % offerIds.length]!.price],
    }),
    gas: GAS.redeem,
    nonce: nextNonce(participant),
  }));
  const redeemPhase = await runPhase(clients, {
    name: 'redemptions',
    chunks: chunked(redeemTxs, pipeline.batch),
    mining: pipeline.mining,
    blockTxs: pipeline.blockTxs,
    anvilPid: pipeline.anvilPid,
    expect: { address: city.credit, topics: [topic(CivicCreditAbi, 'Redeemed')], count: 1 },
  });
  log(phaseLine(redeemPhase.report));
  const loadSeconds = Math.round(performance.now() - started - evidenceSeconds * 1000) / 1000;

  const auditStarted = performance.now();
  const audit = await auditCity(publicClient, city, shape, offerIds, checkIns.length, verifyPhase.logs);
  const auditSeconds = Math.round(performance.now() - auditStarted) / 1000;
  await testClient.setAutomine(true);

  const phases = [checkInPhase.report, verifyPhase.report, redeemPhase.report];
  const bulk = phases.reduce((sum, p) => sum + p.transactions, 0);
  return {
    variant,
    loadSeconds,
    completions: checkIns.length,
    completionsPerSecond: Math.round((checkIns.length / loadSeconds) * 10) / 10,
    transactions: { setup: setupTxs, bulk, total: setupTxs + bulk },
    gasUsed: { bulk: phases.reduce((sum, p) => sum + BigInt(p.gasUsed), 0n).toString() },
    blocks: phases.reduce((sum, p) => sum + p.blocks, 0),
    setup: { deploySeconds, accreditSeconds, offersSeconds, tasksSeconds },
    evidenceSeconds,
    phases,
    audit,
    auditSeconds,
  };
}

export function phaseLine(r: PhaseReport): string {
  const rate = Math.round(r.transactions / r.seconds);
  return (
    `  ${r.name}: ${r.transactions} txs in ${r.blocks} blocks, ${r.seconds} s (${rate} tx/s; send ${r.sendSeconds} s, ` +
    `mine ${r.mineSeconds} s, check ${r.checkSeconds} s; cpu node ${r.nodeCpuSeconds} s, anvil ${r.anvilCpuSeconds ?? '?'} s), ` +
    `gas ${BigInt(r.gasUsed).toLocaleString('en-US')}`
  );
}

/** A plausible evidence document for participant `p`'s check-in `wave` on `task`, valid against the schema. */
function evidenceOf(p: number, wave: number, participant: Address, task: { id: bigint; zone: string }): EvidenceDocument {
  const seed = createHash('sha256').update(`${participant}:${task.id}`).digest();
  const start = Date.UTC(2025, 3, 12 + wave, 8 + (p % 6), (p * 7) % 60);
  return {
    $schema: 'https://schemas.citysync.dev/evidence.schema.json',
    taskId: task.id.toString(),
    participant,
    observations: [{ kind: 'bags-collected', value: 1 + (seed[0]! % 12) }],
    photos: [{ sha256: seed.toString('hex'), mediaType: 'image/jpeg' }],
    location: {
      lat: Math.round((BBOX.south + ((BBOX.north - BBOX.south) * seed[1]!) / 255) * 1e5) / 1e5,
      lon: Math.round((BBOX.west + ((BBOX.east - BBOX.west) * seed[2]!) / 255) * 1e5) / 1e5,
    },
    startedAt: new Date(start).toISOString(),
    completedAt: new Date(start + 90 * 60_000).toISOString(),
    zoneId: task.zone,
  };
}

/** Reads the outcome back from the chain; throws when it is not what the scenario did. */
async function auditCity(
  publicClient: PublicClient,
  city: DeployCityReturnType,
  shape: ScenarioShape,
  offerIds: readonly bigint[],
  completions: number,
  verifiedLogs: readonly BulkLog[],
): Promise<Record<string, string | number>> {
  const read = publicClient.readContract;
  const [, completionCount] = await read({ address: city.taskBoard, abi: TaskBoardAbi, functionName: 'counts' });
  const [minted, burned] = await read({ address: city.credit, abi: CivicCreditAbi, functionName: 'totals' });
  const supply = await read({ address: city.credit, abi: CivicCreditAbi, functionName: 'totalSupply' });
  const votes = await read({ address: city.votes, abi: VoteTokenAbi, functionName: 'totalSupply' });
  const [, cap, issued] = await read({ address: city.issuance, abi: IssuanceControllerAbi, functionName: 'currentCap' });
  const verifiedIds = new Set(verifiedLogs.map((l) => l.topics[1]));
  const expectedMinted = BigInt(completions) * RATE;
  const expectedBurned = shape.participants
    .slice(0, shape.redemptions)
    .reduce((sum, _, p) => sum + OFFERS[p % OFFERS.length]!.price, 0n);
  const remaining = await Promise.all(
    offerIds.map((offerId) => read({ address: city.credit, abi: CivicCreditAbi, functionName: 'remainingCapacity', args: [offerId] })),
  );
  const expectedRemaining = OFFERS.map(
    (o, i) => o.capacity - BigInt(Math.ceil((shape.redemptions - i) / OFFERS.length)),
  );
  const sample = shape.participants[0]!;
  const sampleBalances = await getBalances(publicClient, { city, account: sample });

  const checks: [string, unknown, unknown][] = [
    ['completions on chain', completionCount, BigInt(completions)],
    ['distinct completions verified', verifiedIds.size, completions],
    ['credits minted', minted, expectedMinted],
    ['period issuance', issued, expectedMinted],
    ['votes minted', votes, expectedMinted],
    ['credits burned', burned, expectedBurned],
    ['credits outstanding', supply, expectedMinted - expectedBurned],
    ['offers remaining capacity', remaining.join(','), expectedRemaining.join(',')],
    ['first participant credits', sampleBalances.credits, 2n * RATE - OFFERS[0]!.price],
    ['first participant votes', sampleBalances.votes, 2n * RATE],
  ];
  const wrong = checks.filter(([, actual, expected]) => actual !== expected);
  if (wrong.length > 0) {
    throw new Error(`audit failed: ${wrong.map(([what, a, e]) => `${what} ${String(a)}, expected ${String(e)}`).join('; ')}`);
  }
  return {
    completions: Number(completionCount),
    creditsMinted: minted.toString(),
    creditsBurned: burned.toString(),
    creditsOutstanding: supply.toString(),
    votesMinted: votes.toString(),
    periodCap: cap.toString(),
    periodIssued: issued.toString(),
  };
}
