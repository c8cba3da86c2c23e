// Test-only: replays the model's operations on a real city on anvil, through the SDK, and reads the city's health
// through the indexer (indexCity + computeHealth + planHealthActions), as `dpan health` does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  type Address,
  type Hex,
  type PublicClient,
  type TestClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  http,
  keccak256,
  toHex,
} from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

import { CivicCreditAbi, IssuanceControllerAbi, TaskBoardAbi } from '@citysync/contracts';
import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import {
  type HealthRow,
  type PlanHealthActionsReturnType,
  applyHealthActions,
  computeHealth,
  indexCity,
  planHealthActions,
  readPeriodClock,
} from '@citysync/indexer';
import {
  type CityWalletClient,
  type CommitteeName,
  type CommitteeParameters,
  type DeployCityReturnType,
  OrgRoles,
  accredit,
  closeOffer,
  committeeNames,
  createOffer,
  deployCity,
  publishTask,
  toId,
  updateOffer,
  verifyBatch,
} from '@citysync/sdk';
import { type Operation, type Scenario, VERIFY_BATCH, evidenceHashOf, healthGovernance, participantAddress } from '@citysync/sim';
import { increaseTime, latestTimestamp, passProposal } from '../../test/utils/chain.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
const GAS = 500_000n;

export type ChainPeriod = { row: HealthRow; plan: PlanHealthActionsReturnType; coverageBps: number };

/** Runs the scenario's operations on anvil, period by period; returns each period's health row and plan. */
export async function replayOnChain(s: Scenario, operations: readonly Operation[][]): Promise<ChainPeriod[]> {
  const anvil: AnvilInstance = await startAnvil({ accounts: 40, extraArgs: ['--order', 'fifo'] });
  const dir = mkdtempSync(join(tmpdir(), 'citysync-crosscheck-'));
  try {
    return await replay(anvil, dir, s, operations);
  } finally {
    await anvil.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function replay(anvil: AnvilInstance, dir: string, s: Scenario, operations: readonly Operation[][]): Promise<ChainPeriod[]> {
  const transport = http(anvil.rpcUrl);
  const publicClient = createPublicClient({ chain: foundry, transport }) as PublicClient;
  const testClient = createTestClient({ mode: 'anvil', chain: foundry, transport }) as unknown as TestClient;
  const wallet = (addressIndex: number): CityWalletClient =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex }), chain: foundry, transport });
  const members = [wallet(1), wallet(2), wallet(3)] as const;
  const committee: CommitteeParameters = { members: members.map((m) => m.account.address), threshold: 2, delaySeconds: 60 };
  const governance = healthGovernance(s);
  const city: DeployCityReturnType = await deployCity(wallet(0), {
    name: 'Simtown',
    symbol: 'SIM',
    periodLength: s.periodSeconds,
    coverage: { ratioBps: s.coverage.ratioBps, minBps: s.coverage.minBps, maxBps: s.coverage.maxBps },
    rateBounds: { min: BigInt(s.rateBounds.min), max: BigInt(s.rateBounds.max) },
    priceBounds: { min: BigInt(s.priceBounds.min), max: BigInt(s.priceBounds.max) },
    committees: Object.fromEntries(committeeNames.map((name) => [name, committee])) as Record<CommitteeName, CommitteeParameters>,
    governor: { votingDelay: 60, votingPeriod: 600, proposalThreshold: 1n, quorumPercent: 4 },
    budgets: s.issuers.map((i) => ({ module: i.module, perPeriod: BigInt(i.budgetPerPeriod), policy: 'open' as const })),
  });
  const orgs = new Map<string, CityWalletClient>();
  const accreditOrg = async (name: string, index: number, roles: number) => {
    const org = wallet(index);
    orgs.set(name, org);
    const { proposalId } = await accredit(members[0], { city, org: org.account.address, roles, metadataHash: keccak256(toHex(name)) });
    await passProposal(testClient, { committee: city.committees.accreditation, proposalId, approvers: [members[1]], executor: members[2] });
  };
  for (const [i, issuer] of s.issuers.entries()) await accreditOrg(issuer.name, 10 + i, OrgRoles.ISSUER);
  for (const [i, redeemer] of s.redeemers.entries()) await accreditOrg(redeemer.name, 20 + i, OrgRoles.REDEEMER);
  const org = (name: string) => orgs.get(name) as CityWalletClient;

  const dbPath = join(dir, 'index.sqlite');
  const health = async (): Promise<HealthRow[]> => {
    await indexCity({ publicClient, contracts: city, fromBlock: city.blockNumber, dbPath });
    return computeHealth({ dbPath, governance, periodClock: await readPeriodClock(publicClient, { credit: city.credit }) });
  };
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address: city.issuance, abi: IssuanceControllerAbi, functionName, args } as never) as Promise<T>;
  const coverage = async () => Number((await read<readonly [bigint, bigint, bigint]>('coverage'))[0]);

  const funded = new Set<Address>();
  const pending = new Map<string, { id: bigint; rate: bigint; module: Hex }[]>();
  const taskInfo = new Map<number, { issuer: string; rate: bigint; module: Hex }>();
  let completions = 0n;
  const results: ChainPeriod[] = [];
  let lastPlan: PlanHealthActionsReturnType | undefined;

  for (let p = 0; p < operations.length; p++) {
    const [, startBig, endBig] = await publicClient.readContract({ address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
    const start = Number(startBig);
    // Participants' calls: sent in order with automine off (FIFO ordering), mined in blocks of 100.
    const queue: { from: Address; to: Address; data: Hex }[] = [];
    const flush = async () => {
      if (queue.length === 0) return;
      await testClient.setAutomine(false);
      const nonces = new Map<Address, number>();
      try {
        for (let i = 0; i < queue.length; i += 100) {
          for (const tx of queue.slice(i, i + 100)) {
            const nonce = nonces.get(tx.from) ?? (await publicClient.getTransactionCount({ address: tx.from, blockTag: 'pending' }));
            nonces.set(tx.from, nonce + 1);
            await publicClient.request({
              method: 'eth_sendTransaction',
              params: [{ from: tx.from, to: tx.to, data: tx.data, gas: toHex(GAS), nonce: toHex(nonce) }],
            } as never);
          }
          await testClient.mine({ blocks: 1 });
        }
      } finally {
        await testClient.setAutomine(true);
      }
      queue.length = 0;
    };
    const participant = async (i: number) => {
      const address = participantAddress(i);
      if (!funded.has(address)) {
        await testClient.impersonateAccount({ address });
        await testClient.setBalance({ address, value: 10n ** 20n });
        funded.add(address);
      }
      return address;
    };

    for (const op of operations[p] as Operation[]) {
      if (op.kind !== 'claimAndSubmit' && op.kind !== 'redeem') await flush();
      switch (op.kind) {
        case 'setCoverage': {
          // The plan of the last complete period, proposed through applyHealthActions, passed by the committee.
          const action = lastPlan?.actions[0];
          if (action?.toBps !== op.ratioBps) throw new Error(`period ${p}: the model sets ${op.ratioBps} bps, the chain's plan says ${action?.toBps}`);
          const [proposed] = await applyHealthActions(members[0], { city, actions: [action] });
          await passProposal(testClient, {
            committee: city.committees.issuance,
            proposalId: (proposed as { proposalId: bigint }).proposalId,
            approvers: [members[1]],
            executor: members[2],
          });
          break;
        }
        case 'createOffer':
          await createOffer(org(op.redeemer), {
            city,
            price: BigInt(op.price),
            capacity: BigInt(op.capacity),
            ...(op.window ? { window: { start: BigInt(start + op.window.start), end: BigInt(start + op.window.end) } } : {}),
            metadataHash: keccak256(toHex(op.redeemer)),
          });
          break;
        case 'updateOffer':
          await updateOffer(org(op.redeemer), { city, offerId: BigInt(op.offerId), price: BigInt(op.price), capacity: BigInt(op.capacity) });
          break;
        case 'closeOffer':
          await closeOffer(org(op.redeemer), { city, offerId: BigInt(op.offerId) });
          break;
        case 'publishTask': {
          const { taskId } = await publishTask(org(op.issuer), {
            city,
            module: op.module,
            taskType: op.taskType,
            rate: BigInt(op.rate),
            slots: op.slots,
            start: BigInt(start),
            end: endBig,
            zone: 'citywide',
            evidenceSchemaHash: keccak256(toHex('evidence.schema.v1')),
          });
          taskInfo.set(Number(taskId), { issuer: op.issuer, rate: BigInt(op.rate), module: toId(op.module) });
          break;
        }
        case 'claimAndSubmit': {
          const from = await participant(op.participant);
          const info = taskInfo.get(op.taskId) as { issuer: string; rate: bigint; module: Hex };
          queue.push({
            from,
            to: city.taskBoard,
            data: encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claimAndSubmit', args: [BigInt(op.taskId), evidenceHashOf(op.participant, op.taskId)] }),
          });
          completions++;
          pending.set(info.issuer, [...(pending.get(info.issuer) ?? []), { id: completions, rate: info.rate, module: info.module }]);
          break;
        }
        case 'verify': {
          // The issuer reads the cap and its budget, then verifies its oldest completions that fit.
          const [period, cap, issued] = await read<readonly [number, bigint, bigint]>('currentCap');
          let room = cap - issued;
          const budgetRoom = new Map<Hex, bigint>();
          const queueOf = pending.get(op.issuer) ?? [];
          const chosen: bigint[] = [];
          for (const c of queueOf) {
            const left =
              budgetRoom.get(c.module) ??
              (await read<bigint>('moduleBudget', [c.module])) - (await read<bigint>('moduleSpent', [c.module, period]));
            if (c.rate > room || c.rate > left) break;
            room -= c.rate;
            budgetRoom.set(c.module, left - c.rate);
            chosen.push(c.id);
          }
          pending.set(op.issuer, queueOf.slice(chosen.length));
          for (let b = 0; b < chosen.length; b += VERIFY_BATCH) {
            await verifyBatch(org(op.issuer), { city, completionIds: chosen.slice(b, b + VERIFY_BATCH) });
          }
          break;
        }
        case 'redeem':
          queue.push({
            from: await participant(op.participant),
            to: city.credit,
            data: encodeFunctionData({ abi: CivicCreditAbi, functionName: 'redeem', args: [BigInt(op.offerId), BigInt(op.units), BigInt(op.maxCredits)] }),
          });
          break;
      }
    }
    await flush();
    // The period ends: move to the next period's first minute, index, and plan as `dpan health` would.
    const now = await latestTimestamp(testClient);
    await increaseTime(testClient, endBig - now + 60n);
    const rows = await health();
    const bps = await coverage();
    lastPlan = planHealthActions(rows, governance, bps);
    results.push({ row: rows.find((r) => r.period === p) as HealthRow, plan: lastPlan, coverageBps: bps });
  }
  return results;
}
