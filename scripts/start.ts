// `npm start`: the pilot story on embedded defaults. Starts anvil on a free loopback port, deploys Berkeley
// (BRKY) through the CityFactory, accredits organizations through the accreditation committee, runs a small
// pilot (tasks, claims, evidence, batch verification, redemptions) and prints the ledger, then stops anvil.
// Committee delays are real on chain; on the embedded chain the demo fast-forwards the clock past them.
import {
  type Address,
  type Hex,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
  keccak256,
  toBytes,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

import {
  CivicCreditAbi,
  type CityWalletClient,
  type CommitteeName,
  type DeployCityReturnType,
  IssuanceControllerAbi,
  OrgRoles,
  accredit,
  approveProposal,
  claimTask,
  committeeNames,
  createOffer,
  deployCity,
  executeProposal,
  getBalances,
  publishTask,
  redeem,
  startAnvil,
  submitCompletion,
  verifyBatch,
} from '../core/src/index.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const COMMITTEE_DELAY = 3_600;
const PERIOD = 7 * 24 * 3_600;
const MODULE = '@citysync/dpan-general-economy';
const PARTICIPANTS = 16;

const started = performance.now();
function step(text: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`[${seconds}s] ${text}`);
}

async function main(): Promise<void> {
  step('starting anvil on a free loopback port');
  const anvil = await startAnvil({ accounts: 12 + PARTICIPANTS });
  try {
    const transport = http(anvil.rpcUrl);
    const publicClient = createPublicClient({ chain: foundry, transport });
    const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport });
    const wallet = (addressIndex: number): CityWalletClient =>
      createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex }), chain: foundry, transport });

    const deployer = wallet(0);
    const members = [wallet(1), wallet(2), wallet(3)] as const;
    const issuers = { publicWorks: wallet(4), parks: wallet(5) };
    const redeemers = { transit: wallet(6), museum: wallet(7) };
    const participants = Array.from({ length: PARTICIPANTS }, (_, i) => wallet(12 + i));

    step('deploying Berkeley (BRKY): factory, AccessManager, 8 implementations, proxies, 6 committees, Governor');
    const committee = { members: members.map((m) => m.account.address), threshold: 2, delaySeconds: COMMITTEE_DELAY };
    const city = await deployCity(deployer, {
      name: 'Berkeley',
      symbol: 'BRKY',
      periodLength: PERIOD,
      coverage: { ratioBps: 8_000, minBps: 5_000, maxBps: 12_000 },
      rateBounds: { min: 1n, max: 100n },
      priceBounds: { min: 1n, max: 500n },
      committees: Object.fromEntries(committeeNames.map((name) => [name, committee])) as Record<
        CommitteeName,
        typeof committee
      >,
      guardians: [wallet(8).account.address],
      governor: { votingDelay: 3_600, votingPeriod: 3 * 24 * 3_600, proposalThreshold: 1n, quorumPercent: 4 },
      budgets: [{ module: MODULE, perPeriod: 5_000n }],
    });
    step(`city deployed: credit ${city.credit}, task board ${city.taskBoard}`);

    const accreditOrg = async (org: Address, roles: number, label: string): Promise<void> => {
      const { proposalId } = await accredit(members[0], {
        city,
        org,
        roles,
        metadataHash: keccak256(toBytes(label)),
      });
      const { scheduled } = await approveProposal(members[1], { committee: city.committees.accreditation, proposalId });
      if (scheduled === undefined) throw new Error(`accreditation of ${label} did not reach its threshold`);
      await testClient.increaseTime({ seconds: COMMITTEE_DELAY });
      await testClient.mine({ blocks: 1 });
      await executeProposal(members[2], { committee: city.committees.accreditation, proposalId });
    };
    step('accreditation committee (2 of 3, 1 h delay; fast-forwarded) accredits 2 issuers and 2 redeemers');
    await accreditOrg(issuers.publicWorks.account.address, OrgRoles.ISSUER, 'Berkeley Public Works');
    await accreditOrg(issuers.parks.account.address, OrgRoles.ISSUER, 'Berkeley Parks');
    await accreditOrg(redeemers.transit.account.address, OrgRoles.REDEEMER, 'AC Transit');
    await accreditOrg(redeemers.museum.account.address, OrgRoles.REDEEMER, 'Berkeley Art Museum');

    step('redeemers register spare capacity: transit rides (5 credits, 200/week), museum entries (20, 40/week)');
    const { offerId: rides } = await createOffer(redeemers.transit, {
      city,
      price: 5n,
      capacity: 200n,
      metadataHash: keccak256(toBytes('AC Transit day pass')),
    });
    const { offerId: museum } = await createOffer(redeemers.museum, {
      city,
      price: 20n,
      capacity: 40n,
      metadataHash: keccak256(toBytes('BAMPFA entry')),
    });

    const now = (await publicClient.getBlock()).timestamp;
    step('issuers publish tasks: park cleanup (10 credits) and storm-drain clearing (15 credits)');
    const cleanup = await publishTask(issuers.parks, {
      city,
      module: MODULE,
      taskType: 'park-cleanup',
      rate: 10n,
      slots: PARTICIPANTS,
      end: now + 2n * 86_400n,
      zone: 'zone.aquatic-park',
      evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
    });
    const drains = await publishTask(issuers.publicWorks, {
      city,
      module: MODULE,
      taskType: 'storm-drain-clearing',
      rate: 15n,
      slots: PARTICIPANTS / 2,
      end: now + 2n * 86_400n,
      zone: 'zone.south-berkeley',
      evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
    });

    step(`${PARTICIPANTS} participants claim and submit evidence hashes`);
    const byIssuer = new Map<CityWalletClient, bigint[]>([
      [issuers.parks, []],
      [issuers.publicWorks, []],
    ]);
    for (const [i, participant] of participants.entries()) {
      const tasks: [CityWalletClient, bigint][] = [[issuers.parks, cleanup.taskId]];
      if (i % 2 === 0) tasks.push([issuers.publicWorks, drains.taskId]);
      for (const [issuer, taskId] of tasks) {
        await claimTask(participant, { city, taskId });
        const evidenceHash: Hex = keccak256(toBytes(`evidence:${taskId}:${participant.account.address}`));
        const { completionId } = await submitCompletion(participant, { city, taskId, evidenceHash });
        byIssuer.get(issuer)?.push(completionId);
      }
    }

    step('each issuer verifies its completions in one batch: credits and votes minted');
    for (const [issuer, completionIds] of byIssuer) {
      await verifyBatch(issuer, { city, completionIds });
    }

    step('participants redeem: transit rides and museum entries (credits burned, capacity consumed)');
    for (const [i, participant] of participants.entries()) {
      // Even-numbered participants did both tasks (25 credits): enough for a museum entry.
      if (i % 6 === 0) await redeem(participant, { city, offerId: museum, units: 1n });
      else if (i % 3 === 1) await redeem(participant, { city, offerId: rides, units: 2n });
    }

    await printLedger(publicClient, city, participants, { rides, museum });
  } finally {
    await anvil.stop();
    step('anvil stopped');
  }
}

async function printLedger(
  client: ReturnType<typeof createPublicClient>,
  city: DeployCityReturnType,
  participants: CityWalletClient[],
  offers: { rides: bigint; museum: bigint },
): Promise<void> {
  const [minted, burned] = await client.readContract({
    address: city.credit,
    abi: CivicCreditAbi,
    functionName: 'totals',
  });
  const [period, cap, issued] = await client.readContract({
    address: city.issuance,
    abi: IssuanceControllerAbi,
    functionName: 'currentCap',
  });
  const remaining = async (offerId: bigint) =>
    await client.readContract({
      address: city.credit,
      abi: CivicCreditAbi,
      functionName: 'remainingCapacity',
      args: [offerId],
    });

  console.log('\nBerkeley (BRKY) after the pilot');
  console.log(`  period ${period}: cap ${cap} credits (redemption capacity x 80% coverage), issued ${issued}`);
  console.log(`  $BRKY minted ${minted}, burned by redemptions ${burned}, outstanding ${minted - burned}`);
  console.log(`  transit rides left this period ${await remaining(offers.rides)}/200,` +
    ` museum entries left ${await remaining(offers.museum)}/40`);
  console.log('\n  participant                                  $BRKY  $vBRKY');
  for (const participant of participants.slice(0, 6)) {
    const { credits, votes } = await getBalances(client, { city, account: participant.account.address });
    console.log(`  ${participant.account.address}  ${String(credits).padStart(5)}  ${String(votes).padStart(6)}`);
  }
  console.log(`  … and ${participants.length - 6} more\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
