// `npm start`: the pilot story on embedded defaults, on real contracts.
// 1. A fresh city directory .citysync/berkeley/ from examples/berkeley (the previous run's state is replaced);
// 2. its embedded anvil (state persisted in the city directory), the city deployed from its config;
// 3. the accreditation committee accredits issuers, redeemers, an auditor and the city relayer;
// 4. three weekly periods: issuers publish tasks, participants check in gasless (signed requests the relayer
//    batches through the forwarder), issuers batch-verify, participants redeem;
// 5. the indexer reads the events into SQLite, the health table is printed, and the self-correction rule
//    proposes its coverage change to the issuance committee (the committee still approves and waits its delay);
// 6. everything it started is stopped.
// Committee delays and period boundaries are real on chain; the embedded chain fast-forwards its clock past them.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  http,
  isAddressEqual,
  keccak256,
  parseEventLogs,
  toBytes,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

import {
  CityForwarderAbi,
  CivicCreditAbi,
  type CityWalletClient,
  type CommitteeName,
  type EvidenceDocument,
  IssuanceControllerAbi,
  OrgRoles,
  TaskBoardAbi,
  accredit,
  applyHealthActions,
  approveProposal,
  computeHealth,
  createOffer,
  createRelayer,
  deployCityFromConfig,
  embeddedChainStatus,
  executeProposal,
  formatHealthTable,
  hashEvidence,
  indexCity,
  loadCity,
  planHealthActions,
  publishTask,
  readPeriodClock,
  signForwardRequest,
  startEmbeddedChain,
  stopEmbeddedChain,
  verifyBatch,
} from '../core/src/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXAMPLE = join(ROOT, 'examples', 'berkeley');
const CITY_DIR = join(ROOT, '.citysync', 'berkeley');
const MNEMONIC = 'test test test test test test test test test test test junk';
const MODULE = '@citysync/dpan-general-economy';
const PARTICIPANTS = 45;
const PERIODS = 3;
const DEV_ACCOUNTS = 20 + PARTICIPANTS;

const started = performance.now();
let lastStep = started;
function step(text: string): void {
  const now = performance.now();
  const total = ((now - started) / 1000).toFixed(1).padStart(5);
  console.log(`[${total}s] ${text}`);
  lastStep = now;
}
function done(text: string): void {
  console.log(`        ${text} (${((performance.now() - lastStep) / 1000).toFixed(1)} s)`);
}

/** Who is active in each period: enough overlap for retention, enough new faces for newcomers. */
const activeIn = (period: number): number[] => {
  const first = [0, 10, 18][period] ?? 0;
  return Array.from({ length: 27 }, (_, i) => first + i).filter((i) => i < PARTICIPANTS);
};

async function main(): Promise<void> {
  step(`preparing ${relative(ROOT, CITY_DIR)}/ from examples/berkeley (a previous run's state is replaced)`);
  if (embeddedChainStatus(CITY_DIR).running) await stopEmbeddedChain(CITY_DIR);
  rmSync(CITY_DIR, { recursive: true, force: true });
  mkdirSync(CITY_DIR, { recursive: true });
  for (const file of ['city.json', 'governance.json']) copyFileSync(join(EXAMPLE, file), join(CITY_DIR, file));
  const { config, governance } = loadCity(CITY_DIR);

  step('starting the embedded chain: anvil on a free loopback port, state in the city directory');
  const chain = await startEmbeddedChain({ cityDir: CITY_DIR });
  const stopChain = async (): Promise<void> => {
    await chain.stop();
  };
  process.once('SIGINT', () => void stopChain().finally(() => process.exit(130)));
  try {
    const transport = http(chain.rpcUrl);
    const publicClient = createPublicClient({ chain: foundry, transport });
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport });
    const accounts = Array.from({ length: DEV_ACCOUNTS }, (_, addressIndex) =>
      mnemonicToAccount(MNEMONIC, { addressIndex }),
    );
    const wallet = (index: number): CityWalletClient => {
      const account = accounts[index];
      if (account === undefined) throw new Error(`no dev account ${index}`);
      return createWalletClient({ account, chain: foundry, transport });
    };
    // Organizations beyond anvil's ten funded accounts get gas; participants never need any.
    for (let i = 10; i < 20; i++) {
      await testClient.setBalance({ address: wallet(i).account.address, value: 10n ** 21n });
    }
    done(`rpc ${chain.rpcUrl}`);

    step(`deploying ${config.name} (${config.ticker}) from city.json: factory, AccessManager, proxies, 6 committees, Governor`);
    const { deployment } = await deployCityFromConfig({ dir: CITY_DIR, wallet: wallet(0), publicClient, rpcUrl: chain.rpcUrl });
    const city = deployment.contracts;
    done(`credit ${city.credit}, task board ${city.taskBoard}`);

    const committeeOf = (name: CommitteeName) => {
      const entry = config.committees.find((c) => c.name === name);
      if (entry === undefined) throw new Error(`city.json has no ${name} committee`);
      const members = entry.members.map((address) => {
        const index = accounts.findIndex((a) => isAddressEqual(a.address, address as Address));
        if (index < 0) throw new Error(`committee member ${address} is not a dev account`);
        return wallet(index);
      });
      return { members, threshold: entry.threshold, delaySeconds: entry.delaySeconds };
    };
    const fastForward = async (seconds: number): Promise<void> => {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    };

    const orgs = {
      publicWorks: { wallet: wallet(8), roles: OrgRoles.ISSUER, label: 'Berkeley Public Works' },
      parks: { wallet: wallet(9), roles: OrgRoles.ISSUER, label: 'Berkeley Parks' },
      transit: { wallet: wallet(12), roles: OrgRoles.REDEEMER, label: 'AC Transit' },
      museum: { wallet: wallet(13), roles: OrgRoles.REDEEMER, label: 'Berkeley Art Museum' },
      auditor: { wallet: wallet(14), roles: OrgRoles.AUDITOR, label: 'Civic Audit Cooperative' },
      relayer: { wallet: wallet(15), roles: OrgRoles.RELAYER, label: 'City of Berkeley relayer' },
    };
    const accreditation = committeeOf('accreditation');
    step(
      `accreditation committee (${accreditation.threshold} of ${accreditation.members.length}, ` +
        `${accreditation.delaySeconds} s delay, fast-forwarded) accredits ${Object.keys(orgs).length} organizations`,
    );
    const [proposer, approver] = accreditation.members;
    if (proposer === undefined || approver === undefined) throw new Error('the accreditation committee needs two members');
    const proposals: bigint[] = [];
    for (const org of Object.values(orgs)) {
      const { proposalId } = await accredit(proposer, {
        city,
        org: org.wallet.account.address,
        roles: org.roles,
        metadataHash: keccak256(toBytes(org.label)),
        description: `Accredit ${org.label}`,
      });
      await approveProposal(approver, { committee: city.committees.accreditation, proposalId });
      proposals.push(proposalId);
    }
    await fastForward(accreditation.delaySeconds);
    for (const proposalId of proposals) {
      await executeProposal(proposer, { committee: city.committees.accreditation, proposalId });
    }
    done(Object.values(orgs).map((o) => o.label).join(', '));

    step('redeemers register standing spare capacity: transit rides (5 credits, 300/week), museum entries (20, 40/week)');
    const { offerId: rides } = await createOffer(orgs.transit.wallet, {
      city,
      price: 5n,
      capacity: 300n,
      metadataHash: keccak256(toBytes('AC Transit day pass')),
    });
    const { offerId: museum } = await createOffer(orgs.museum.wallet, {
      city,
      price: 20n,
      capacity: 40n,
      metadataHash: keccak256(toBytes('BAMPFA entry')),
    });
    done('the period cap follows: capacity value x coverage ratio');

    const relayer = createRelayer({ wallet: orgs.relayer.wallet, forwarder: city.forwarder, maxBatch: 50 });
    const evidenceSchemaHash = keccak256(toBytes('https://schemas.citysync.dev/evidence.schema.json'));
    const clock = await readPeriodClock(publicClient, { credit: city.credit });

    for (let period = 0; period < PERIODS; period++) {
      const now = Number((await publicClient.getBlock()).timestamp);
      const elapsed = Math.floor((now - clock.origin) / clock.length);
      const periodEnd = clock.origin + (elapsed + 1) * clock.length;
      const active = activeIn(period);
      step(`period ${clock.offset + elapsed}: ${active.length} participants active`);

      const cleanup = await publishTask(orgs.parks.wallet, {
        city,
        module: MODULE,
        taskType: 'park-cleanup',
        rate: 10n,
        slots: active.length,
        end: BigInt(periodEnd),
        zone: 'zone.aquatic-park',
        evidenceSchemaHash,
      });
      const drains = await publishTask(orgs.publicWorks.wallet, {
        city,
        module: MODULE,
        taskType: 'storm-drain-clearing',
        rate: 15n,
        slots: active.length,
        end: BigInt(periodEnd),
        zone: 'zone.south-berkeley',
        evidenceSchemaHash,
      });

      // Each participant signs its check-ins (claim + submit with the evidence's content hash) on its own device;
      // the city relayer batches them through the forwarder, so participants never hold gas.
      for (const i of active) {
        const participant = wallet(20 + i);
        const tasks = i % 2 === 0 ? [cleanup.taskId, drains.taskId] : [cleanup.taskId];
        let nonce = await publicClient.readContract({
          address: city.forwarder,
          abi: CityForwarderAbi,
          functionName: 'nonces',
          args: [participant.account.address],
        });
        for (const taskId of tasks) {
          const evidence = evidenceFor(taskId, participant.account.address, now, i);
          const data = encodeFunctionData({
            abi: TaskBoardAbi,
            functionName: 'claimAndSubmit',
            args: [taskId, hashEvidence(evidence)],
          });
          await relayer.submit(
            await signForwardRequest(participant, { city, to: city.taskBoard, data, nonce, gas: 300_000n, deadline: periodEnd }),
          );
          nonce += 1n;
        }
      }
      const checkIns = await relayer.flush();
      const failed = checkIns.results.filter((r) => r.status !== 'succeeded').length;
      if (failed > 0) throw new Error(`${failed} relayed check-ins did not execute`);

      const submitted = parseEventLogs({
        abi: TaskBoardAbi,
        eventName: 'CompletionSubmitted',
        logs: checkIns.batches.flatMap((b) => b.receipt.logs),
      });
      const idsOf = (taskId: bigint) =>
        submitted.filter((e) => e.args.taskId === taskId).map((e) => e.args.completionId);
      await verifyBatch(orgs.parks.wallet, { city, completionIds: idsOf(cleanup.taskId) });
      await verifyBatch(orgs.publicWorks.wallet, { city, completionIds: idsOf(drains.taskId) });

      // Redemption slows down in the last period: the indicators should notice.
      const redeemers = period < PERIODS - 1 ? active : active.filter((i) => i % 5 === 0);
      for (const i of redeemers) {
        const participant = wallet(20 + i);
        const [offerId, units] = i % 4 === 0 ? [museum, 1n] : [rides, 2n];
        const data = encodeFunctionData({ abi: CivicCreditAbi, functionName: 'redeem', args: [offerId, units] });
        await relayer.submit(await signForwardRequest(participant, { city, to: city.credit, data, deadline: periodEnd }));
      }
      const redemptions = await relayer.flush();
      const redeemed = redemptions.results.filter((r) => r.status === 'succeeded').length;
      done(
        `${checkIns.results.length} check-ins in ${checkIns.batches.length} relayed batches, ` +
          `${submitted.length} completions verified in 2 issuer batches, ${redeemed} redemptions`,
      );

      const [minted, burned] = await publicClient.readContract({ address: city.credit, abi: CivicCreditAbi, functionName: 'totals' });
      const [, cap, issued] = await publicClient.readContract({ address: city.issuance, abi: IssuanceControllerAbi, functionName: 'currentCap' });
      console.log(`        ledger: minted ${minted}, burned ${burned}, outstanding ${minted - burned}; period cap ${cap}, issued ${issued}`);
      await fastForward(periodEnd - Number((await publicClient.getBlock()).timestamp));
    }

    step('indexing the events into SQLite and computing the four health indicators');
    const dbPath = join(CITY_DIR, '.citysync', 'index.sqlite');
    const indexed = await indexCity({ publicClient, contracts: city, fromBlock: BigInt(deployment.blockNumber), dbPath });
    const rows = computeHealth({ dbPath, governance, periodClock: clock });
    done(`${indexed.events} events indexed`);
    console.log();
    console.log(formatHealthTable(rows));
    console.log();

    const [ratioBps] = await publicClient.readContract({ address: city.issuance, abi: IssuanceControllerAbi, functionName: 'coverage' });
    const plan = planHealthActions(rows, governance, Number(ratioBps));
    step(`self-correction on period ${plan.period ?? '-'} (${plan.band ?? 'no band'}): ${plan.direction}`);
    for (const reason of plan.reasons) console.log(`        ${reason}`);
    const issuance = committeeOf('issuance');
    const [member] = issuance.members;
    if (plan.actions.length > 0 && member !== undefined) {
      const proposed = await applyHealthActions(member, { city, actions: plan.actions });
      for (const p of proposed) {
        console.log(
          `        issuance committee proposal #${p.proposalId}: setCoverageRatio(${p.action.fromBps} -> ${p.action.toBps} bps); ` +
            `it needs ${issuance.threshold} approvals and a ${issuance.delaySeconds} s delay`,
        );
      }
    }

    console.log();
    console.log(`City directory: ${relative(ROOT, CITY_DIR)}/ (city.json, governance.json, .citysync/deployment.json, .citysync/index.sqlite)`);
    console.log(`Look again:     npx dpan chain start --city ${relative(ROOT, CITY_DIR)} && npx dpan health --city ${relative(ROOT, CITY_DIR)}`);
  } finally {
    await stopChain();
    step('embedded chain stopped (its state is kept in the city directory)');
  }
}

function evidenceFor(taskId: bigint, participant: Address, now: number, i: number): EvidenceDocument {
  const photo = keccak256(toBytes(`photo:${taskId}:${participant}`)).slice(2);
  return {
    taskId: taskId.toString(),
    participant,
    observations: [{ kind: 'bags-collected', value: 1 + (i % 4) }],
    photos: [{ sha256: photo, mediaType: 'image/jpeg' }],
    location: { lat: 37.86 + (i % 10) * 0.003, lon: -122.29 + (i % 7) * 0.004 },
    startedAt: new Date((now - 5_400) * 1000).toISOString().replace('.000Z', 'Z'),
    completedAt: new Date(now * 1000).toISOString().replace('.000Z', 'Z'),
  };
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
