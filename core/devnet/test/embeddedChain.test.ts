// The embedded chain persists in the city's directory: started detached (as `dpan chain start` does), a contract
// deployed and written, stopped, started again: the block number and the contract's storage are still there.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createPublicClient, createWalletClient, http } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, describe, expect, it } from 'vitest';

import { CivicCreditAbi } from '@citysync/contracts';
import { EmbeddedChainRunningError, embeddedChainStatus, startEmbeddedChain, stopEmbeddedChain, type EmbeddedChain } from '@citysync/devnet';
import { committeeNames, deployCity, type CommitteeName, type CommitteeParameters } from '@citysync/sdk';

const MNEMONIC = 'test test test test test test test test test test test junk';
const cityDir = mkdtempSync(join(tmpdir(), 'citysync-chain-'));
const started: EmbeddedChain[] = [];
const ERC1967_IMPLEMENTATION = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc';

afterAll(async () => {
  for (const chain of started) await chain.stop().catch(() => undefined);
  rmSync(cityDir, { recursive: true, force: true });
});

const clients = (rpcUrl: string) => ({
  publicClient: createPublicClient({ chain: foundry, transport: http(rpcUrl) }),
  wallet: createWalletClient({
    account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }),
    chain: foundry,
    transport: http(rpcUrl),
  }),
});

describe('embedded chain', () => {
  it('starts detached, records anvil.json and refuses a second start for the same directory', async () => {
    const chain = await startEmbeddedChain({ cityDir, detached: true });
    started.push(chain);
    expect(chain.rpcUrl).toBe(`http://127.0.0.1:${chain.port}`);
    const record = JSON.parse(readFileSync(join(cityDir, '.citysync/chain/anvil.json'), 'utf8'));
    expect(record).toEqual({ pid: chain.pid, port: chain.port, rpcUrl: chain.rpcUrl, startedAt: chain.startedAt });
    expect(embeddedChainStatus(cityDir)).toMatchObject({ running: true, pid: chain.pid, rpcUrl: chain.rpcUrl });

    const second = await startEmbeddedChain({ cityDir, detached: true }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(EmbeddedChainRunningError);
    expect((second as Error).message).toContain(chain.rpcUrl);
  });

  it('keeps blocks and contract storage across stop and start', async () => {
    const { publicClient, wallet } = clients(started[0]!.rpcUrl);
    const members = [1, 2].map((i) => mnemonicToAccount(MNEMONIC, { addressIndex: i }).address);
    const committee: CommitteeParameters = { members, threshold: 2, delaySeconds: 60 };
    const city = await deployCity(wallet, {
      name: 'Persist',
      symbol: 'PRST',
      periodLength: 3_600,
      coverage: { ratioBps: 8_000, minBps: 5_000, maxBps: 10_000 },
      rateBounds: { min: 1n, max: 100n },
      priceBounds: { min: 1n, max: 100n },
      committees: Object.fromEntries(committeeNames.map((name) => [name, committee])) as Record<
        CommitteeName,
        CommitteeParameters
      >,
      governor: { votingDelay: 60, votingPeriod: 600, proposalThreshold: 1n, quorumPercent: 4 },
    });
    const blockBefore = await publicClient.getBlockNumber();
    const implementationBefore = await publicClient.getStorageAt({
      address: city.credit,
      slot: ERC1967_IMPLEMENTATION,
    });
    expect(BigInt(implementationBefore ?? '0x0')).not.toBe(0n);

    await stopEmbeddedChain(cityDir);
    expect(existsSync(join(cityDir, '.citysync/chain/anvil.json'))).toBe(false);
    expect(embeddedChainStatus(cityDir)).toMatchObject({ running: false, hasState: true });

    const again = await startEmbeddedChain({ cityDir, detached: true });
    started.push(again);
    const reopened = clients(again.rpcUrl);
    expect(await reopened.publicClient.getBlockNumber()).toBe(blockBefore);
    expect(await reopened.publicClient.getStorageAt({ address: city.credit, slot: ERC1967_IMPLEMENTATION })).toBe(
      implementationBefore,
    );
    const symbol = await reopened.publicClient.readContract({
      address: city.credit,
      abi: CivicCreditAbi,
      functionName: 'symbol',
    });
    expect(symbol).toBe('PRST');
    // And the chain goes on from there.
    const hash = await reopened.wallet.sendTransaction({ to: members[0]!, value: 1n });
    const receipt = await reopened.publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.blockNumber).toBe(blockBefore + 1n);

    expect(await stopEmbeddedChain(cityDir)).toEqual({ stopped: true, pid: again.pid });
    expect(await stopEmbeddedChain(cityDir)).toEqual({ stopped: false });
  });
});
