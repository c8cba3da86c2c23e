// Test helpers for the city server: a signed claim for a gasless participant, the API over real HTTP, and waiting
// for a request to settle.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { pino } from 'pino';
import { type Hex, type LocalAccount, encodeFunctionData, keccak256, toBytes } from 'viem';

import { TaskBoardAbi } from '@citysync/contracts';
import { type CityWalletClient, type SignedForwardRequest, publishTask, signForwardRequest } from '@citysync/sdk';
import { latestTimestamp } from '../../../test/utils/chain.js';
import { MODULE, type TestCity } from '../../../test/utils/testCity.js';
import { type CityServer, type StartCityServerParameters, startCityServer } from '../src/index.js';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A relayer-only server for `t`'s city, its queue in a fresh directory, logging warnings only. */
export async function startTestServer(
  t: TestCity,
  overrides: Partial<StartCityServerParameters> = {},
): Promise<CityServer> {
  return await startCityServer({
    rpcUrl: t.anvil.rpcUrl,
    contracts: t.city,
    dataDir: tempDir('serve-'),
    relayerAccount: t.relayer.account as LocalAccount,
    parts: ['relayer'],
    logger: pino({ level: 'warn' }),
    pollingIntervalMs: 50,
    ...overrides,
  });
}

export async function publishOpenTask(t: TestCity, slots = 100): Promise<bigint> {
  const now = await latestTimestamp(t.testClient);
  const { taskId } = await publishTask(t.issuer, {
    city: t.city,
    module: MODULE,
    taskType: 'park-cleanup',
    rate: 5n,
    slots,
    end: now + 30n * 24n * 3_600n,
    zone: 'zone.serve',
    evidenceSchemaHash: keccak256(toBytes('evidence.schema.v1')),
  });
  return taskId;
}

export const claimData = (taskId: bigint): Hex => encodeFunctionData({ abi: TaskBoardAbi, functionName: 'claim', args: [taskId] });

export async function signClaim(
  t: TestCity,
  participant: CityWalletClient,
  taskId: bigint,
  extra: { nonce?: bigint; gas?: bigint; deadline?: number } = {},
): Promise<SignedForwardRequest> {
  return await signForwardRequest(participant, {
    city: t.city,
    to: t.city.taskBoard,
    data: claimData(taskId),
    gas: extra.gas ?? 300_000n,
    ...(extra.nonce !== undefined ? { nonce: extra.nonce } : {}),
    ...(extra.deadline !== undefined ? { deadline: extra.deadline } : {}),
  });
}

/** The JSON body of POST /v1/requests: numbers as decimal strings. */
export function bodyOf(request: SignedForwardRequest): { request: Record<string, string> } {
  return {
    request: {
      from: request.from,
      to: request.to,
      value: request.value.toString(),
      gas: request.gas.toString(),
      nonce: request.nonce.toString(),
      deadline: String(request.deadline),
      data: request.data,
      signature: request.signature,
    },
  };
}

export type ApiAnswer = { status: number; body: any; headers: Headers };

export async function post(server: CityServer, body: unknown, raw?: string): Promise<ApiAnswer> {
  const res = await fetch(`${server.url}/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

export async function get(url: string): Promise<ApiAnswer> {
  const res = await fetch(url);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Prometheus text
  }
  return { status: res.status, body, headers: res.headers };
}

/** Polls GET /v1/requests/:id until it is confirmed or failed. */
export async function settled(baseUrl: string, id: string, timeoutMs = 30_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await get(`${baseUrl}/v1/requests/${id}`);
    if (body.status === 'confirmed' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`request ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
