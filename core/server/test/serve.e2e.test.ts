// `dpan serve` as a city runs it: a city made with dpan (init, embedded chain, deploy, a relayer accredited by its
// committee), the command started as a real process, and a participant's signed claim sent over HTTP; the task
// it claimed read back from the live index, the account from /v1/accounts, the dashboard on the same port.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createPublicClient, createWalletClient, http, keccak256, toBytes } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type StartedProcess, startProcess } from '@citysync/devnet';
import { CitySyncError, type CityContracts, publishTask, signForwardRequest } from '@citysync/sdk';
import { latestTimestamp } from '../../../test/utils/chain.js';
import { DPAN_BIN, dpan, dpanJson } from '../../../test/utils/dpan.js';
import { MNEMONIC, MODULE } from '../../../test/utils/testCity.js';
import { bodyOf, claimData, get, settled, tempDir } from './helpers.js';

class ServeProcessError extends CitySyncError {
  override name = 'ServeProcessError';
}

const RELAYER = 6;
const ISSUER = 4;
const account = (i: number) => mnemonicToAccount(MNEMONIC, { addressIndex: i });

let city: string;
let rpcUrl: string;
let contracts: CityContracts;
let serve: StartedProcess | undefined;

beforeAll(async () => {
  city = join(tempDir('dpan-serve-'), 'oakland');
  expect((await dpan('city', 'init', city)).code).toBe(0);
  await dpanJson('chain', 'start', '--city', city);
  await dpanJson('city', 'deploy', '--city', city);
  for (const [index, roles] of [[RELAYER, 'relayer'], [ISSUER, 'issuer']] as const) {
    const accredited = await dpanJson<{ state: string }>(
      'org', 'accredit', account(index).address, '--roles', roles, '--city', city, '--account', '1', '--approve-as', '2',
    );
    expect(accredited.state).toBe('executed');
  }
  ({ rpcUrl } = await dpanJson<{ rpcUrl: string }>('chain', 'status', '--city', city));
  contracts = (JSON.parse(readFileSync(join(city, '.citysync', 'deployment.json'), 'utf8')) as { contracts: CityContracts }).contracts;
}, 300_000);

afterAll(async () => {
  await serve?.stop();
  if (city !== undefined) await dpan('chain', 'stop', '--city', city);
});

describe('dpan serve', () => {
  it('relays a signed claim over HTTP, serves the index, the account and the dashboard, and stops on SIGTERM', async () => {
    const transport = http(rpcUrl);
    const wallet = (i: number) => createWalletClient({ account: account(i), chain: foundry, transport });
    const publicClient = createPublicClient({ chain: foundry, transport });
    const now = await latestTimestamp(publicClient as never);
    const { taskId } = await publishTask(wallet(ISSUER), {
      city: contracts,
      module: MODULE,
      taskType: 'park-cleanup',
      rate: 5n,
      slots: 10,
      end: now + 24n * 3_600n,
      zone: 'zone.serve',
      evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
    });

    serve = await startProcess({
      name: 'dpan serve',
      command: process.execPath,
      args: (port) => [DPAN_BIN, 'serve', '--city', city, '--account', String(RELAYER), '--port', String(port), '--batch-interval-ms', '200'],
      ready: async (url) => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
      startTimeoutMs: 90_000,
      startError: ServeProcessError,
    });
    const health = await get(`${serve.url}/healthz`);
    expect(health.body).toMatchObject({
      status: 'ok',
      parts: { relayer: { state: 'ok' }, indexer: { state: 'ok' }, dashboard: { state: 'ok' } },
    });

    const participant = wallet(30);
    const claim = await signForwardRequest(participant, { city: contracts, to: contracts.taskBoard, data: claimData(taskId), gas: 300_000n });
    const posted = await fetch(`${serve.url}/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bodyOf(claim)),
    });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    expect(await settled(serve.url, id)).toMatchObject({ status: 'confirmed', outcome: 'executed' });

    // The index follows the chain: the claim shows in the task's count within a few polls.
    let task: { taskId: number; claimed: number; issuer: string } | undefined;
    for (let i = 0; i < 50 && task?.claimed !== 1; i++) {
      const { body } = await get(`${serve.url}/v1/tasks`);
      task = (body.tasks as (typeof task & {})[]).find((t) => BigInt(t.taskId) === taskId);
      if (task?.claimed !== 1) await new Promise((r) => setTimeout(r, 200));
    }
    expect(task).toMatchObject({ claimed: 1, issuer: account(ISSUER).address.toLowerCase() });
    expect((await get(`${serve.url}/v1/offers`)).body).toMatchObject({ offers: expect.any(Array) });
    const acct = await get(`${serve.url}/v1/accounts/${participant.account.address}`);
    expect(acct.body).toMatchObject({ address: participant.account.address, forwarderNonce: '1', credits: '0' });
    expect((await get(`${serve.url}/v1/accounts/0x1234`)).status).toBe(400);

    const page = await fetch(`${serve.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const metrics = (await get(`${serve.url}/metrics`)).body as string;
    expect(metrics).toMatch(/citysync_index_lag_blocks \d+/);
    expect(metrics).toMatch(/citysync_relay_requests_accepted_total 1/);

    const exited = new Promise<number | null>((resolve) => serve!.process.once('exit', (code) => resolve(code)));
    serve.process.kill('SIGTERM');
    expect(await exited).toBe(0);
    serve = undefined;
  });

  it('refuses an unknown part with a usage error (exit 2)', async () => {
    const result = await dpan('serve', '--city', city, '--only', 'relayer,cache');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--only: "cache" is not a part; use relayer, indexer, keeper, dashboard.');
  });
});

