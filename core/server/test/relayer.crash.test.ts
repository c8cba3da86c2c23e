// Exactly once across kill -9: a real server process is SIGKILLed while a batch is in flight (its transaction
// recorded and broadcast, the block not yet mined) with more requests arriving, then started again on the same
// data directory. Every request that got a 202 must end confirmed or failed with a reason (crashLossCount = 0),
// and each must have executed exactly once on chain.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import Database from 'better-sqlite3';
import { toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CityForwarderAbi, TaskBoardAbi } from '@citysync/contracts';
import { startProcess, type StartedProcess } from '@citysync/devnet';
import { CitySyncError, type SignedForwardRequest, relayForwardRequest } from '@citysync/sdk';
import { MNEMONIC, type TestCity, createTestCity } from '../../../test/utils/testCity.js';
import { bodyOf, publishOpenTask, settled, signClaim, tempDir } from './helpers.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const runner = resolve(repoRoot, 'core/server/src/runServer.ts');

class ServerProcessError extends CitySyncError {
  override name = 'ServerProcessError';
}

let t: TestCity;
let contractsFile: string;
let relayerKey: string;

beforeAll(async () => {
  t = await createTestCity();
  const dir = tempDir('serve-crash-');
  contractsFile = join(dir, 'contracts.json');
  const { blockNumber: _b, transactionHash: _h, factory: _f, implementations: _i, ...contracts } = t.city;
  writeFileSync(contractsFile, JSON.stringify({ contracts }));
  relayerKey = toHex(mnemonicToAccount(MNEMONIC, { addressIndex: 6 }).getHdKey().privateKey!);
});

afterAll(async () => {
  await t?.stop();
});

async function startServer(dataDir: string, logFile: string, batchIntervalMs = 100): Promise<StartedProcess> {
  return await startProcess({
    name: 'city server',
    command: process.execPath,
    args: (port) => [
      '--import', 'tsx', runner,
      '--rpc', t.anvil.rpcUrl,
      '--contracts', contractsFile,
      '--data-dir', dataDir,
      '--private-key', relayerKey,
      '--port', String(port),
      '--batch-size', '8',
      '--batch-interval-ms', String(batchIntervalMs),
    ],
    detached: { logFile },
    ready: async (url) => {
      try {
        return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok;
      } catch {
        return false;
      }
    },
    startTimeoutMs: 60_000,
    startError: ServerProcessError,
  });
}

async function postAll(url: string, requests: readonly SignedForwardRequest[]): Promise<string[]> {
  const answers = await Promise.all(
    requests.map(async (r) => {
      try {
        const res = await fetch(`${url}/v1/requests`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(bodyOf(r)),
        });
        const body = (await res.json()) as { id?: string };
        return res.status === 202 ? body.id : undefined;
      } catch {
        return undefined; // the connection died with the process: no 202, no promise made
      }
    }),
  );
  return answers.filter((id): id is string => id !== undefined);
}

function inFlightBatches(dataDir: string): number {
  const db = new Database(join(dataDir, 'relayer.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM batches WHERE state IN ('sending', 'sent')`).pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('kill -9 mid-batch and restart', () => {
  it('every request that got a 202 is settled, each executed exactly once on chain (crashLossCount = 0)', async () => {
    const taskId = await publishOpenTask(t, 200);
    const participants = Array.from({ length: 48 }, (_, i) => t.wallet(100 + i));
    const signed = await Promise.all(participants.map((p) => signClaim(t, p, taskId)));
    const dataDir = tempDir('serve-crash-data-');

    // Blocks every 2 s: a batch's transaction waits in the mempool, so the kill lands between broadcast and receipt.
    await t.testClient.setAutomine(false);
    await t.testClient.setIntervalMining({ interval: 2 });
    let second: StartedProcess | undefined;
    try {
      const first = await startServer(dataDir, join(dataDir, 'first.log'));
      const accepted = await postAll(first.url, signed.slice(0, 24));
      const deadline = Date.now() + 20_000;
      while (inFlightBatches(dataDir) === 0) {
        if (Date.now() > deadline) throw new Error('no batch went in flight');
        await new Promise((r) => setTimeout(r, 20));
      }
      // Under load: more requests on the wire as the process dies.
      const late = postAll(first.url, signed.slice(24, 36));
      await new Promise((r) => setTimeout(r, 30));
      process.kill(first.pid, 'SIGKILL');
      await first.stop();
      accepted.push(...(await late));
      expect(inFlightBatches(dataDir)).toBeGreaterThan(0);

      second = await startServer(dataDir, join(dataDir, 'second.log'));
      accepted.push(...(await postAll(second.url, signed.slice(36))));
      const outcomes = await Promise.all(accepted.map((id) => settled(second!.url, id, 60_000)));
      const crashLossCount = outcomes.filter((o) => o.status !== 'confirmed' && o.status !== 'failed').length;
      expect(crashLossCount).toBe(0);
      expect(outcomes.map((o) => o.status)).toEqual(accepted.map(() => 'confirmed'));

      // Exactly once: one ExecutedForwardRequest per accepted (signer, nonce), and each signer's nonce moved by one.
      const events = await t.publicClient.getContractEvents({
        address: t.city.forwarder,
        abi: CityForwarderAbi,
        eventName: 'ExecutedForwardRequest',
        fromBlock: t.city.blockNumber,
      });
      const executed = new Map<string, number>();
      for (const e of events) {
        const key = `${e.args.signer!.toLowerCase()}:${e.args.nonce}`;
        executed.set(key, (executed.get(key) ?? 0) + 1);
      }
      const acceptedSigners = new Set(outcomes.map((o) => (o.from as string).toLowerCase()));
      for (const signer of acceptedSigners) {
        expect(executed.get(`${signer}:0`)).toBe(1);
        const claim = await t.publicClient.readContract({
          address: t.city.taskBoard,
          abi: TaskBoardAbi,
          functionName: 'claimOf',
          args: [taskId, signer as `0x${string}`],
        });
        expect(claim).toBeGreaterThan(0n);
      }
      expect(accepted.length).toBeGreaterThanOrEqual(36);
    } finally {
      await second?.stop();
      await t.testClient.setIntervalMining({ interval: 0 });
      await t.testClient.setAutomine(true);
    }
  });

  it('a request executed by someone else meanwhile is recognised by its nonce and confirmed', async () => {
    const taskId = await publishOpenTask(t);
    const participant = t.wallet(200);
    const request = await signClaim(t, participant, taskId);
    const dataDir = tempDir('serve-elsewhere-');
    const server = await startProcess({
      name: 'city server',
      command: process.execPath,
      args: (port) => [
        '--import', 'tsx', runner,
        '--rpc', t.anvil.rpcUrl, '--contracts', contractsFile, '--data-dir', dataDir, '--private-key', relayerKey,
        '--port', String(port), '--batch-size', '50', '--batch-interval-ms', '3000',
      ],
      ready: async (url) => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
      startTimeoutMs: 60_000,
      startError: ServerProcessError,
    });
    try {
      const [id] = await postAll(server.url, [request]);
      // Another accredited organization (the issuer) relays the same signed request first.
      await relayForwardRequest(t.issuer, { city: t.city, request });
      const outcome = await settled(server.url, id!, 30_000);
      expect(outcome).toMatchObject({ status: 'confirmed', outcome: 'executed-elsewhere' });
    } finally {
      await server.stop();
    }
  });

  it('SIGTERM stops intake, sends what is queued, and exits 0', async () => {
    const taskId = await publishOpenTask(t);
    const participants = [t.wallet(210), t.wallet(211), t.wallet(212)];
    const signed = await Promise.all(participants.map((p) => signClaim(t, p, taskId)));
    const dataDir = tempDir('serve-sigterm-');
    const server = await startServer(dataDir, join(dataDir, 'server.log'), 600_000);
    // A long interval: without the flush on SIGTERM these would wait.
    const ids = await postAll(server.url, signed);
    expect(ids).toHaveLength(3);
    const exited = new Promise<number | null>((resolve) => server.process.once('exit', (code) => resolve(code)));
    process.kill(server.pid, 'SIGTERM');
    expect(await exited).toBe(0);
    for (const p of participants) {
      const claim = await t.publicClient.readContract({
        address: t.city.taskBoard,
        abi: TaskBoardAbi,
        functionName: 'claimOf',
        args: [taskId, p.account.address],
      });
      expect(claim).toBeGreaterThan(0n);
    }
    const db = new Database(join(dataDir, 'relayer.sqlite'), { readonly: true });
    expect(db.prepare(`SELECT state, COUNT(*) AS n FROM requests GROUP BY state`).all()).toEqual([{ state: 'confirmed', n: 3 }]);
    db.close();
  });
});
