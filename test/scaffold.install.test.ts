// A scaffolded package on a real chain: scaffoldModule from the exported blight record, then installModule into a
// city on anvil (kernel prepare, modules committee, apply, budget line, rate bounds, task policy, a standing offer),
// and the generic MceTaskPolicy refusing at publish what the catalog and its rules do not allow.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { deriveBudget, deriveRate, scaffoldModule } from '@citysync/scaffolder';
import type { MceRecord } from '@citysync/schemas';
import { type Abi, keccak256, toBytes } from 'viem';
import { getBlock } from 'viem/actions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ContractRevertError, decodeModuleRevert, publishTask, toId } from '@citysync/sdk';
import { type InstallModuleReturnType, installModule } from '@citysync/sdk/node';
import { readArtifact } from '@citysync/module-kit';
import { type TestCity, createTestCity, rejection } from './utils/testCity.js';

const NAME = '@cdmx/dpan-blight-response';
const EVIDENCE_SCHEMA = keccak256(toBytes('evidence schema'));
const root = mkdtempSync(join(tmpdir(), 'dpan-scaffold-install-'));
const dir = join(root, 'package');
let t: TestCity;
let installed: InstallModuleReturnType;
let policyAbi: Abi;
let record: MceRecord;

beforeAll(async () => {
  record = JSON.parse(readFileSync(new URL('../scaffolder/test/fixtures/blight-mce.record.json', import.meta.url), 'utf8')) as MceRecord;
  scaffoldModule({ record, recordFile: 'blight-mce.record.json', name: NAME, out: dir, force: true });
  policyAbi = readArtifact(dir, 'artifacts/MceTaskPolicy.json', 'artifacts/MceTaskPolicy.json').abi;
  t = await createTestCity();
  const fastForward = async (readyAt: bigint | number) => {
    await t.testClient.setNextBlockTimestamp({ timestamp: BigInt(readyAt) + 1n });
    await t.testClient.mine({ blocks: 1 });
  };
  installed = await installModule({
    dir,
    city: t.city,
    wallet: t.wallet(0),
    committees: { modules: t.members, issuance: t.members, rates: t.members },
    redeemers: { 'cafe-drink': t.redeemer },
    waitForDelay: fastForward,
  });
});

afterAll(async () => {
  await t?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function publish(taskType: string, rate: bigint, verifiersRequired = 0) {
  const { timestamp } = await getBlock(t.issuer, { blockTag: 'latest' });
  return publishTask(t.issuer, { city: t.city, module: NAME, taskType, rate, slots: 1, end: timestamp + 3_600n, zone: 'citywide', evidenceSchemaHash: EVIDENCE_SCHEMA, verifiersRequired });
}

describe('a scaffolded module installed into a city', () => {
  it('installs with its derived budget and bounds, its policy registered, no role granted', () => {
    const budget = BigInt(deriveBudget(record.outcomes.creditsIssued).default);
    expect(installed).toMatchObject({ name: NAME, version: '0.1.0', permissions: [], budget: { perPeriod: budget } });
    expect(installed.taskPolicy?.proposalId).toBeDefined();
    expect(installed.rateBounds.map((b) => [b.taskType, b.min, b.max])).toEqual(
      record.taskCatalog.map((type) => {
        const rate = deriveRate(type.rate.default);
        return [type.id, BigInt(rate.min), BigInt(rate.max)];
      }),
    );
    expect(installed.offers.map((o) => o.offering)).toEqual(['cafe-drink']);
  });

  it('publishes a catalog task inside its bounds, verified as its rule says', async () => {
    const { taskId } = await publish('illegal-dumping-cleanup', 38n);
    expect(taskId).toBeGreaterThan(0n);
  });

  it('refuses at publish a type outside the catalog and a verification its rule does not allow', async () => {
    // The city's default bounds (1..100) let 20 through: the module's policy is what refuses the type.
    const unknown = await rejection(publish('graffiti-removal', 20n));
    expect((unknown as ContractRevertError).errorName).toBeUndefined(); // the core names only its own errors
    expect(decodeModuleRevert(unknown, policyAbi)).toMatchObject({ errorName: 'MceTaskPolicyUnknownTaskType', args: [toId('graffiti-removal')] });
    const verifiers = await rejection(publish('hazard-audit', 10n, 2));
    expect(decodeModuleRevert(verifiers, policyAbi)).toMatchObject({ errorName: 'MceTaskPolicyWrongVerification', args: [toId('hazard-audit'), 2n, 0n] });
  });
});
