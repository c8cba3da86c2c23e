// The indexer's resumability with a real kill: a city with a few thousand events on anvil, the indexer run as a
// child process (core/indexer/src/indexer/runIndexer.ts) SIGKILLed mid-run after its cursor has advanced, restarted to
// completion; every row of every table must equal an uninterrupted index. Then: a finished index gains nothing
// from a re-run, and a replaced block is reported as a reorganisation.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import Database from 'better-sqlite3';
import { keccak256 } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createOffer } from '@citysync/sdk';
import { indexCity } from '../src/indexer/indexCity.js';
import { IndexerDatabaseMismatchError, IndexerReorgError } from '../src/indexer/errors.js';
import { allTables } from '../src/indexer/schema.js';
import { generateActivity } from '../../../test/utils/cityActivity.js';
import { startNextPeriod } from '../../../test/utils/chain.js';
import { type TestCity, createTestCity } from '../../../test/utils/testCity.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const runner = resolve(repoRoot, 'core/indexer/src/indexer/runIndexer.ts');

let t: TestCity;
let dir: string;
let deploymentFile: string;

beforeAll(async () => {
  t = await createTestCity();
  dir = mkdtempSync(join(tmpdir(), 'citysync-indexer-'));
  deploymentFile = join(dir, 'deployment.json');
  const { implementations: _, ...contracts } = t.city;
  writeFileSync(
    deploymentFile,
    JSON.stringify({ chainId: 31_337, ...contracts, blockNumber: String(t.city.blockNumber) }, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v,
    ),
  );
  // Offer 2 lifts the period cap well above what the activity issues.
  await createOffer(t.redeemer, { city: t.city, price: 10n, capacity: 10_000n, metadataHash: keccak256('0x02') });
  await startNextPeriod(t.testClient, t.city.credit); // it backs the cap from the next period
  // 120 participants x 12 tasks: 1,440 claims, submissions and verifications, 100 redemptions.
  await generateActivity(t, { participants: 120, tasks: 12, rate: 1n, redemptions: 100, offerId: 2n });
}, 300_000);

afterAll(async () => {
  await t?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runIndexer(db: string, extra: string[] = []): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', runner, '--rpc', t.anvil.rpcUrl, '--deployment', deploymentFile, '--db', db, ...extra],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolvePromise) => child.on('exit', (code, signal) => resolvePromise({ code, signal, stderr })));
}

function cursorOf(db: string): number | undefined {
  try {
    const conn = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (conn.prepare('SELECT block_number FROM cursor').pluck().get() as number | undefined) ?? undefined;
    } finally {
      conn.close();
    }
  } catch {
    return undefined; // not created yet
  }
}

/** Every row of every table, in primary-key order. */
function dump(db: string): Record<string, unknown[]> {
  const conn = new Database(db, { readonly: true });
  try {
    return Object.fromEntries(
      allTables.map((table) => [table, conn.prepare(`SELECT * FROM ${table} ORDER BY 1, 2`).raw().all()]),
    );
  } finally {
    conn.close();
  }
}

describe('indexCity resumes exactly after a SIGKILL', () => {
  it('ends with the same rows as an uninterrupted run', async () => {
    const killedDb = join(dir, 'killed.sqlite');
    const head = Number(await t.publicClient.getBlockNumber());
    const start = Number(t.city.blockNumber);

    const first = runIndexer(killedDb, ['--batch-blocks', '1', '--range-delay-ms', '100']);
    const firstExit = exited(first);
    let cursor: number | undefined;
    for (let waited = 0; waited < 60_000; waited += 25) {
      cursor = cursorOf(killedDb);
      if (cursor !== undefined && cursor >= start + 5) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    first.kill('SIGKILL');
    const { signal } = await firstExit;
    expect(signal).toBe('SIGKILL');
    const cursorAtKill = cursorOf(killedDb) as number;
    expect(cursorAtKill).toBeGreaterThanOrEqual(start + 5);
    expect(cursorAtKill).toBeLessThan(head);

    const second = await exited(runIndexer(killedDb));
    expect(second.stderr).not.toMatch(/Error/);
    expect(second.code).toBe(0);
    expect(cursorOf(killedDb)).toBe(head);

    const freshDb = join(dir, 'fresh.sqlite');
    const fresh = await indexCity({ publicClient: t.publicClient, contracts: t.city, fromBlock: t.city.blockNumber, dbPath: freshDb });
    expect(fresh.toBlock).toBe(BigInt(head));
    expect(fresh.events).toBeGreaterThan(4_000);

    const killed = dump(killedDb);
    const uninterrupted = dump(freshDb);
    for (const table of allTables) expect(killed[table], table).toEqual(uninterrupted[table]);
    expect((killed.claims as unknown[]).length).toBe(1_440);
    expect((killed.redemptions as unknown[]).length).toBe(100);
  });

  it('adds nothing when re-run on a finished index', async () => {
    const db = join(dir, 'fresh.sqlite');
    const before = dump(db);
    const again = await indexCity({ publicClient: t.publicClient, contracts: t.city, fromBlock: t.city.blockNumber, dbPath: db });
    expect(again).toMatchObject({ events: 0, ranges: 0, resumed: true });
    expect(dump(db)).toEqual(before);
  });

  it('refuses an index of another city', async () => {
    const other = { ...t.city, taskBoard: t.city.credit };
    await expect(
      indexCity({ publicClient: t.publicClient, contracts: other, fromBlock: t.city.blockNumber, dbPath: join(dir, 'fresh.sqlite') }),
    ).rejects.toBeInstanceOf(IndexerDatabaseMismatchError);
  });

  it('reports a replaced block as a reorganisation', async () => {
    const db = join(dir, 'reorg.sqlite');
    const snapshot = await t.testClient.snapshot();
    await t.testClient.mine({ blocks: 2 });
    await indexCity({ publicClient: t.publicClient, contracts: t.city, fromBlock: t.city.blockNumber, dbPath: db });
    await t.testClient.revert({ id: snapshot });
    await t.testClient.increaseTime({ seconds: 10 });
    await t.testClient.mine({ blocks: 3 });
    const error = await indexCity({ publicClient: t.publicClient, contracts: t.city, fromBlock: t.city.blockNumber, dbPath: db }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(IndexerReorgError);
    expect((error as IndexerReorgError).shortMessage).toMatch(/reorganised/);
  });
});
