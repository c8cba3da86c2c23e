// `npm run bench:serve`: the city server's figures, on one anvil, in one run (bench/results/serve.json):
// - relayThroughputRatio: signed check-ins (forwarded TaskBoard.claim) confirmed per second through
//   POST /v1/requests, driven by autocannon from many signers, divided by the same signed requests sent straight
//   to executeBatch by the SDK's relayer (createRelayer: submit, then flush), on the same anvil: the chain is
//   snapshotted before the SDK run and reverted after it, so both runs execute the very same requests.
// - acceptP99Ms: the 99th percentile latency of the 202 at 200 requests/s for 10 s (autocannon's overallRate).
// - crashLossCount: requests that got a 202 and were neither confirmed nor failed after the server process was
//   SIGKILLed mid-batch under load and restarted (the scenario of core/server/test/relayer.crash.test.ts).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';

import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { type LocalAccount, encodeFunctionData, keccak256, toHex } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';

import { CityForwarderAbi, TaskBoardAbi } from '@citysync/contracts';
import { CitySyncError, type SignedForwardRequest, createRelayer, forwardRequestTypes } from '@citysync/sdk';
import { startProcess } from '@citysync/devnet';
import { type CityServer, startCityServer } from '@citysync/server';
import { latestTimestamp } from '../../test/utils/chain.js';
import { MNEMONIC, type TestCity, createTestCity } from '../../test/utils/testCity.js';
import { bodyOf, publishOpenTask, tempDir } from '../../core/server/test/helpers.js';

const THROUGHPUT_REQUESTS = 1_000;
const RATE = 200;
const RATE_SECONDS = 10;
const CRASH_REQUESTS = 60;
const BATCH_SIZE = 50;

class BenchError extends CitySyncError {
  override name = 'BenchError';
}

/** N fresh signers' check-ins (claims of `taskId`), signed locally with the forwarder's domain (nonce 0). */
async function signCheckIns(t: TestCity, taskId: bigint, count: number, seed: string): Promise<SignedForwardRequest[]> {
  const [, name, version, chainId, verifyingContract] = await t.publicClient.readContract({
    address: t.city.forwarder,
    abi: CityForwarderAbi,
    functionName: 'eip712Domain',
  });
  const deadline = Number(await latestTimestamp(t.testClient)) + 24 * 3_600;
  const data = encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] });
  const requests: SignedForwardRequest[] = [];
  for (let i = 0; i < count; i++) {
    const signer: LocalAccount = privateKeyToAccount(keccak256(toHex(`${seed}:${i}`)));
    const message = { from: signer.address, to: t.city.taskBoard, value: 0n, gas: 300_000n, nonce: 0n, deadline, data };
    const signature = await signer.signTypedData({
      domain: { name, version, chainId, verifyingContract },
      types: forwardRequestTypes,
      primaryType: 'ForwardRequest',
      message,
    });
    requests.push({ ...message, signature });
  }
  return requests;
}

async function startServer(t: TestCity, overrides: { batchIntervalMs: number }): Promise<CityServer> {
  return await startCityServer({
    rpcUrl: t.anvil.rpcUrl,
    contracts: t.city,
    dataDir: tempDir('bench-serve-'),
    relayerAccount: t.relayer.account as LocalAccount,
    parts: ['relayer'],
    logger: pino({ level: 'warn' }),
    pollingIntervalMs: 20,
    relayer: { batchSize: BATCH_SIZE, batchIntervalMs: overrides.batchIntervalMs, perSignerPerMinute: 1_000, perClientPerMinute: 10_000_000, maxQueue: 100_000 },
  });
}

/** Posts `bodies` with autocannon (each body once) and resolves with autocannon's result. */
function load(url: string, bodies: string[], options: { connections: number; overallRate?: number }): Promise<autocannon.Result> {
  let next = 0;
  return new Promise((done, fail) => {
    autocannon(
      {
        url: `${url}/v1/requests`,
        connections: options.connections,
        amount: bodies.length,
        // Seconds: a slow answer is measured, not dropped and counted as an error.
        timeout: 120,
        ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] ?? '' }),
          },
        ],
      },
      (error, result) => (error ? fail(error) : done(result)),
    );
  });
}

/** Waits until the server has accepted `count` requests and settled all of them. */
async function drained(server: CityServer, count: number): Promise<void> {
  for (;;) {
    const health = (await (await fetch(`${server.url}/healthz`)).json()) as { parts: { relayer: { queue: Record<string, number> } } };
    const metrics = await server.metrics.registry.getSingleMetricAsString('citysync_relay_requests_settled_total');
    const settled = [...metrics.matchAll(/settled_total\{status="\w+"\} (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    const q = health.parts.relayer.queue;
    if (settled >= count && q['queued'] === 0 && q['sending'] === 0 && q['sent'] === 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function relayThroughput(t: TestCity) {
  const taskId = await publishOpenTask(t, THROUGHPUT_REQUESTS + 10);
  const requests = await signCheckIns(t, taskId, THROUGHPUT_REQUESTS, 'throughput');

  // The SDK straight to executeBatch: submit (its checks) and flush, then the chain is put back.
  const snapshot = await t.testClient.snapshot();
  const relayer = createRelayer({ wallet: t.relayer, forwarder: t.city.forwarder, maxBatch: BATCH_SIZE });
  const sdkStart = performance.now();
  for (const r of requests) await relayer.submit(r);
  const submittedAt = performance.now();
  const { results } = await relayer.flush();
  const sdkSeconds = (performance.now() - sdkStart) / 1_000;
  const flushSeconds = (performance.now() - submittedAt) / 1_000;
  if (results.some((r) => r.status !== 'succeeded')) throw new BenchError('the SDK run did not confirm every check-in');
  await t.testClient.revert({ id: snapshot });

  // The same requests over HTTP.
  const server = await startServer(t, { batchIntervalMs: 100 });
  try {
    const bodies = requests.map((r) => JSON.stringify(bodyOf(r)));
    const httpStart = performance.now();
    const result = await load(server.url, bodies, { connections: 32 });
    await drained(server, THROUGHPUT_REQUESTS);
    const httpSeconds = (performance.now() - httpStart) / 1_000;
    if (result['2xx'] !== THROUGHPUT_REQUESTS) throw new BenchError(`only ${result['2xx']} of ${THROUGHPUT_REQUESTS} requests got a 202 (non-2xx: ${result.non2xx})`);
    const executed = await t.publicClient.getContractEvents({
      address: t.city.forwarder,
      abi: CityForwarderAbi,
      eventName: 'ExecutedForwardRequest',
      fromBlock: t.city.blockNumber,
    });
    const signers = new Set(requests.map((r) => r.from.toLowerCase()));
    const confirmed = executed.filter((e) => e.args.success && signers.has(e.args.signer!.toLowerCase())).length;
    if (confirmed !== THROUGHPUT_REQUESTS) throw new BenchError(`${confirmed} of ${THROUGHPUT_REQUESTS} check-ins executed over HTTP`);
    const sdkPerSecond = THROUGHPUT_REQUESTS / sdkSeconds;
    const httpPerSecond = THROUGHPUT_REQUESTS / httpSeconds;
    return {
      requests: THROUGHPUT_REQUESTS,
      signers: THROUGHPUT_REQUESTS,
      batchSize: BATCH_SIZE,
      sdk: { seconds: round(sdkSeconds), perSecond: round(sdkPerSecond), flushOnlySeconds: round(flushSeconds), flushOnlyPerSecond: round(THROUGHPUT_REQUESTS / flushSeconds) },
      http: { seconds: round(httpSeconds), perSecond: round(httpPerSecond), connections: 32, batchIntervalMs: 100, acceptP99Ms: result.latency.p99 },
      relayThroughputRatio: round(httpPerSecond / sdkPerSecond, 3),
      relayThroughputRatioVsFlushOnly: round(httpPerSecond / (THROUGHPUT_REQUESTS / flushSeconds), 3),
    };
  } finally {
    await server.close();
  }
}

/**
 * The 202's latency at RATE requests/s. `intakeOnly`: no batch is sent during the load (a 10-minute interval), which
 * isolates the server and the node's answers to the checks from the node executing the batches at the same time.
 */
async function acceptLatency(t: TestCity, intakeOnly = false) {
  const count = RATE * RATE_SECONDS;
  const taskId = await publishOpenTask(t, count + 10);
  const requests = await signCheckIns(t, taskId, count, intakeOnly ? 'latency-intake' : 'latency');
  const server = await startServer(t, { batchIntervalMs: intakeOnly ? 600_000 : 250 });
  try {
    const result = await load(server.url, requests.map((r) => JSON.stringify(bodyOf(r))), { connections: 20, overallRate: RATE });
    if (result['2xx'] !== count) throw new BenchError(`only ${result['2xx']} of ${count} requests got a 202`);
    if (!intakeOnly) await drained(server, count);
    return {
      batchesDuringLoad: !intakeOnly,
      rate: RATE,
      seconds: RATE_SECONDS,
      requests: count,
      accepted: result['2xx'],
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      acceptP99Ms: result.latency.p99,
    };
  } finally {
    await server.close();
  }
}

async function crashLoss(t: TestCity) {
  const taskId = await publishOpenTask(t, CRASH_REQUESTS + 10);
  const requests = await signCheckIns(t, taskId, CRASH_REQUESTS, 'crash');
  const dir = tempDir('bench-crash-');
  const contractsFile = join(dir, 'contracts.json');
  const { blockNumber: _b, transactionHash: _h, factory: _f, implementations: _i, ...contracts } = t.city;
  writeFileSync(contractsFile, JSON.stringify({ contracts }));
  const key = toHex(mnemonicToAccount(MNEMONIC, { addressIndex: 6 }).getHdKey().privateKey!);
  const runner = resolve(import.meta.dirname, '../../core/server/src/runServer.ts');
  const start = (log: string) =>
    startProcess({
      name: 'city server',
      command: process.execPath,
      args: (port) => ['--import', 'tsx', runner, '--rpc', t.anvil.rpcUrl, '--contracts', contractsFile, '--data-dir', dir,
        '--private-key', key, '--port', String(port), '--batch-size', '10', '--batch-interval-ms', '100'],
      detached: { logFile: join(dir, log) },
      ready: async (url) => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
      startTimeoutMs: 60_000,
      startError: BenchError,
    });
  const post = async (url: string, batch: SignedForwardRequest[]) =>
    (
      await Promise.all(
        batch.map(async (r) => {
          try {
            const res = await fetch(`${url}/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(bodyOf(r)) });
            return res.status === 202 ? ((await res.json()) as { id: string }).id : undefined;
          } catch {
            return undefined;
          }
        }),
      )
    ).filter((id): id is string => id !== undefined);
  const inFlight = () => {
    const db = new Database(join(dir, 'relayer.sqlite'), { readonly: true });
    try {
      return db.prepare(`SELECT COUNT(*) FROM batches WHERE state IN ('sending', 'sent')`).pluck().get() as number;
    } finally {
      db.close();
    }
  };
  await t.testClient.setAutomine(false);
  await t.testClient.setIntervalMining({ interval: 2 });
  try {
    const first = await start('first.log');
    const accepted = await post(first.url, requests.slice(0, 40));
    while (inFlight() === 0) await new Promise((r) => setTimeout(r, 20));
    const late = post(first.url, requests.slice(40));
    await new Promise((r) => setTimeout(r, 30));
    process.kill(first.pid, 'SIGKILL');
    await first.stop();
    accepted.push(...(await late));
    const killedInFlight = inFlight();
    const second = await start('second.log');
    try {
      const deadline = Date.now() + 120_000;
      let statuses: string[] = [];
      for (;;) {
        statuses = await Promise.all(accepted.map(async (id) => ((await (await fetch(`${second.url}/v1/requests/${id}`)).json()) as { status: string }).status));
        if (statuses.every((s) => s === 'confirmed' || s === 'failed') || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      return {
        requests: CRASH_REQUESTS,
        accepted: accepted.length,
        batchesInFlightAtKill: killedInFlight,
        confirmed: statuses.filter((s) => s === 'confirmed').length,
        failed: statuses.filter((s) => s === 'failed').length,
        crashLossCount: statuses.filter((s) => s !== 'confirmed' && s !== 'failed').length,
      };
    } finally {
      await second.stop();
    }
  } finally {
    await t.testClient.setIntervalMining({ interval: 0 });
    await t.testClient.setAutomine(true);
  }
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const t = await createTestCity();
  try {
    const throughput = await relayThroughput(t);
    console.error(`relayThroughputRatio ${throughput.relayThroughputRatio} (http ${throughput.http.perSecond}/s, sdk ${throughput.sdk.perSecond}/s)`);
    const latency = await acceptLatency(t);
    console.error(`acceptP99Ms ${latency.acceptP99Ms} at ${RATE} req/s`);
    const intake = await acceptLatency(t, true);
    console.error(`acceptP99Ms ${intake.acceptP99Ms} at ${RATE} req/s with no batch sent during the load`);
    const crash = await crashLoss(t);
    console.error(`crashLossCount ${crash.crashLossCount} (${crash.accepted} accepted, ${crash.batchesInFlightAtKill} batch in flight at the kill)`);
    const results = {
      generatedBy: 'npm run bench:serve',
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, loadAverage: loadavg().map((l) => Number(l.toFixed(1))), node: process.version, anvil: '1.7.1', note: 'anvil automine (a block per transaction), server and load in one process' },
      figures: {
        relayThroughputRatio: throughput.relayThroughputRatio,
        acceptP99Ms: latency.acceptP99Ms,
        acceptP99MsIntakeOnly: intake.acceptP99Ms,
        crashLossCount: crash.crashLossCount,
      },
      targets: { relayThroughputRatio: '>= 0.8', acceptP99Ms: '<= 50', crashLossCount: '0' },
      throughput,
      latency,
      intakeOnly: intake,
      crash,
    };
    const out = resolve(import.meta.dirname, '../results/serve.json');
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(JSON.stringify(results.figures));
  } finally {
    await t.stop();
  }
}

await main();
