import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPublicClient, createTestClient, createWalletClient, http, parseEther, type Hash } from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, describe, expect, it } from 'vitest';

import { AnvilStartError, CitySyncError } from '@citysync/sdk';
import { getFreePort, startAnvil, type AnvilInstance } from '@citysync/devnet';

const started: AnvilInstance[] = [];
async function start(options?: Parameters<typeof startAnvil>[0]): Promise<AnvilInstance> {
  const anvil = await startAnvil(options);
  started.push(anvil);
  return anvil;
}
afterAll(async () => {
  await Promise.all(started.map((a) => a.stop()));
});

async function answers(rpcUrl: string): Promise<boolean> {
  try {
    const res = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}

describe('startAnvil', () => {
  it('serves JSON-RPC on 127.0.0.1 until stopped', async () => {
    const anvil = await start({ chainId: 4242, accounts: 3 });
    expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${anvil.port}`);

    const client = createPublicClient({ transport: http(anvil.rpcUrl) });
    expect(await client.getChainId()).toBe(4242);
    const accounts = (await client.request({ method: 'eth_accounts' } as never)) as string[];
    expect(accounts).toHaveLength(3);

    await anvil.stop();
    expect(anvil.process.exitCode !== null || anvil.process.signalCode !== null).toBe(true);
    expect(await answers(anvil.rpcUrl)).toBe(false);
    await anvil.stop(); // idempotent
  });

  it('runs several instances side by side on distinct ports', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a!.port).not.toBe(b!.port);
    expect(await answers(a!.rpcUrl)).toBe(true);
    expect(await answers(b!.rpcUrl)).toBe(true);
    await Promise.all([a!.stop(), b!.stop()]);
  });

  it('listens on a given port', async () => {
    const port = await getFreePort();
    const anvil = await start({ port });
    expect(anvil.port).toBe(port);
    expect(anvil.rpcUrl).toBe(`http://127.0.0.1:${port}`);
    expect(await answers(anvil.rpcUrl)).toBe(true);
    await anvil.stop();
  });

  it('persists chain state across restarts with stateFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citysync-anvil-'));
    try {
      const stateFile = join(dir, 'state.json');
      const rich = '0x1111111111111111111111111111111111111111' as const;
      const recipient = '0x2222222222222222222222222222222222222222' as const;

      const first = await start({ stateFile });
      const testClient = createTestClient({ mode: 'anvil', transport: http(first.rpcUrl) });
      await testClient.setBalance({ address: rich, value: 123_456_789n });
      const publicClient = createPublicClient({ transport: http(first.rpcUrl) });
      const [sender] = (await publicClient.request({ method: 'eth_accounts' } as never)) as `0x${string}`[];
      const wallet = createWalletClient({ account: sender!, transport: http(first.rpcUrl), chain: foundry });
      const hash: Hash = await wallet.sendTransaction({ to: recipient, value: parseEther('1.5') });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      await first.stop();
      expect(existsSync(stateFile)).toBe(true);

      const second = await start({ stateFile });
      const client = createPublicClient({ transport: http(second.rpcUrl) });
      expect(await client.getBalance({ address: rich })).toBe(123_456_789n);
      expect(await client.getBalance({ address: recipient })).toBe(parseEther('1.5'));
      expect(await client.getBlockNumber()).toBe(receipt.blockNumber);
      const tx = await client.getTransaction({ hash });
      expect(tx.to).toBe(recipient);
      await second.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws AnvilStartError with anvil output when anvil cannot start', async () => {
    const err = await startAnvil({ extraArgs: ['--no-such-flag'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AnvilStartError);
    expect(err).toBeInstanceOf(CitySyncError);
    const e = err as AnvilStartError;
    expect(e.name).toBe('AnvilStartError');
    expect(e.shortMessage).toMatch(/anvil exited before answering/);
    expect(e.details).toMatch(/no-such-flag/);
    expect(e.message).toContain(e.shortMessage);
  });
});
