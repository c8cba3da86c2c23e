// "Installing it into a fresh city gives a working economy": on a real anvil, deploy a city with no budget for
// the module, install the package from this directory through the kernel and the committees, then run the economy
// (publish catalog tasks, complete, verify, mint against the module's budget, redeem a standing offer), and the
// refusals: the module's task policy refuses at publish a type outside the catalog, a rate outside its type's
// bounds and a k-of-n task (decoded with the module's ABI), and an install without the committee's approval fails.
import { type AnvilInstance, startAnvil } from '@citysync/devnet';
import { type CityWalletClient, type CommitteeName, type DeployCityReturnType, ContractRevertError, ModuleIncompatibleError, OrgRoles, accredit, approveProposal, claimTask, executeProposal, applyModulePreparation, committeeNames, decodeModuleRevert, deployCity, executeDecisions, prepareModuleInstall, publishTask, redeem, scheduleDecision, submitCompletion, toId, verifyBatch } from '@citysync/sdk';
import { type InstallModuleReturnType, installModule } from '@citysync/sdk/node';
import { CivicCreditAbi, IssuanceControllerAbi, ModuleKernelAbi, TaskBoardAbi } from '@citysync/contracts';
import { ModuleParameterError, readArtifact, readModuleDirectory, resolveModuleParameters } from '@citysync/module-kit';
import { type Abi, type Hex, createTestClient, createWalletClient, encodeFunctionData, http, keccak256, toBytes } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlock, readContract } from 'viem/actions';
import { foundry } from 'viem/chains';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MNEMONIC = 'test test test test test test test test test test test junk';
const DIR = fileURLToPath(new URL('..', import.meta.url));
const NAME = '@citysync/dpan-general-economy';
const EVIDENCE_SCHEMA = keccak256(toBytes('evidence.schema.v1'));
const DELAY = 3_600;

let anvil: AnvilInstance;
let city: DeployCityReturnType;
let members: [CityWalletClient, CityWalletClient, CityWalletClient];
let deployer: CityWalletClient;
let issuer: CityWalletClient;
let transit: CityWalletClient;
let museum: CityWalletClient;
let centre: CityWalletClient;
let alice: CityWalletClient;
let bob: CityWalletClient;
let installed: InstallModuleReturnType;
let economyAbi: Abi;
let testClient: ReturnType<typeof createTestClient>;

/** On anvil a committee's delay is waited out by moving the clock. */
async function fastForward(readyAt: number): Promise<void> {
  const { timestamp } = await getBlock(deployer, { blockTag: 'latest' });
  if (BigInt(readyAt) > timestamp) await testClient.increaseTime({ seconds: readyAt - Number(timestamp) });
  await testClient.mine({ blocks: 1 });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('expected a rejection');
}

beforeAll(async () => {
  anvil = await startAnvil();
  const transport = http(anvil.rpcUrl);
  testClient = createTestClient({ mode: 'anvil', chain: foundry, transport });
  const wallet = (i: number): CityWalletClient =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: i }), chain: foundry, transport });
  deployer = wallet(0);
  members = [wallet(1), wallet(2), wallet(3)];
  issuer = wallet(4);
  transit = wallet(5);
  museum = wallet(6);
  centre = wallet(7);
  alice = wallet(8);
  bob = wallet(9);
  const committee = { members: members.map((m) => m.account.address), threshold: 2, delaySeconds: DELAY };
  city = await deployCity(deployer, {
    name: 'Freshville',
    symbol: 'FRSH',
    periodLength: 7 * 24 * 3_600,
    coverage: { ratioBps: 8_000, minBps: 5_000, maxBps: 10_000 },
    rateBounds: { min: 1n, max: 100n },
    priceBounds: { min: 1n, max: 500n },
    committees: Object.fromEntries(committeeNames.map((n) => [n, committee])) as Record<CommitteeName, typeof committee>,
    guardians: [wallet(11).account.address],
    governor: { votingDelay: 60, votingPeriod: 600, proposalThreshold: 1n, quorumPercent: 4 },
    budgets: [],
  });
  economyAbi = readArtifact(DIR, 'artifacts/GeneralEconomy.json', 'artifacts/GeneralEconomy.json').abi;
  // Accreditation through its committee: propose, a second member approves, wait, execute.
  for (const [org, roles] of [
    [issuer, OrgRoles.ISSUER],
    [transit, OrgRoles.REDEEMER],
    [museum, OrgRoles.REDEEMER],
    [centre, OrgRoles.REDEEMER],
  ] as const) {
    const { proposalId } = await accredit(members[0], { city, org: org.account.address, roles, metadataHash: keccak256(org.account.address) });
    const { scheduled } = await approveProposal(members[1], { committee: city.committees.accreditation, proposalId });
    await fastForward(scheduled?.readyAt ?? 0);
    await executeProposal(deployer, { committee: city.committees.accreditation, proposalId });
  }
});

afterAll(async () => {
  await anvil?.stop();
});

const committees = () => ({ modules: members, issuance: members, rates: members });

describe('general-economy: install refusals leave nothing behind', () => {
  it('refuses an override outside its bounds before any transaction, naming file#/pointer', async () => {
    const before = await getBlock(deployer, { blockTag: 'latest' });
    const error = await rejection(
      installModule({ dir: DIR, city, wallet: deployer, committees: committees(), overrides: { 'budget.perPeriod': 5 }, waitForDelay: fastForward }),
    );
    expect(error).toBeInstanceOf(ModuleParameterError);
    expect((error as ModuleParameterError).shortMessage).toBe(
      'parameters.json#/parameters/budget.perPeriod: 5 is outside the allowed bounds [1000, 1000000] (credits)',
    );
    expect((await getBlock(deployer, { blockTag: 'latest' })).number).toBe(before.number);
  });

  it('refuses a redeemer that is not accredited before any transaction', async () => {
    const error = await rejection(
      installModule({ dir: DIR, city, wallet: deployer, committees: committees(), redeemers: { 'transit-ride': alice }, waitForDelay: fastForward }),
    );
    expect(error).toBeInstanceOf(ModuleIncompatibleError);
  });

  it('refuses a setup whose code is not the recorded one (a look-alike) before any transaction', async () => {
    const before = await getBlock(deployer, { blockTag: 'latest' });
    const lookAlike = keccak256(toBytes('another setup'));
    const error = await rejection(
      installModule({ dir: DIR, city, wallet: deployer, committees: committees(), expectedSetupCodeHash: lookAlike, waitForDelay: fastForward }),
    );
    expect(error).toBeInstanceOf(ModuleIncompatibleError);
    expect((error as ModuleIncompatibleError).shortMessage).toMatch(/^dpan\.json#\/contracts\/0\/artifact: the package's setup code hash 0x[0-9a-f]{64} is not the 0x[0-9a-f]{64} recorded/);
    expect((await getBlock(deployer, { blockTag: 'latest' })).number).toBe(before.number);
  });

  it('cannot apply without the modules committee approval', async () => {
    const pkg = readModuleDirectory(DIR);
    const prepared = await prepareModuleInstall(deployer, { city, module: pkg, parameters: resolveModuleParameters(pkg.parameters) });
    const error = await rejection(applyModulePreparation(deployer, { city, preparationId: prepared.preparationId, contentHash: pkg.contentHash }));
    expect(error).toBeInstanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).toBe('ModuleKernelWrongState');
    const inst = await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [NAME] });
    expect(inst.installed).toBe(false);
  });

  it('an approved preparation applied with another content hash leaves no installation and no role', async () => {
    const pkg = readModuleDirectory(DIR);
    const prepared = await prepareModuleInstall(deployer, { city, module: pkg, parameters: resolveModuleParameters(pkg.parameters) });
    const approval = await scheduleDecision(city.committees.modules, members, {
      target: city.kernel,
      data: encodeFunctionData({ abi: ModuleKernelAbi, functionName: 'approve', args: [prepared.preparationId] }),
      description: 'approve for the tampered-hash test',
    });
    await executeDecisions(deployer, () => city.committees.modules, [approval], fastForward);
    const tampered = keccak256(toBytes('another package'));
    const error = await rejection(applyModulePreparation(deployer, { city, preparationId: prepared.preparationId, contentHash: tampered }));
    expect((error as ContractRevertError).errorName).toBe('ModuleKernelContentHashMismatch');
    const inst = await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [NAME] });
    expect(inst.installed).toBe(false);
    expect(await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'moduleIds' })).toEqual([]);
    const prep = await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'preparation', args: [prepared.preparationId] });
    expect(prep.state).toBe(2); // still Approved, not Applied
    expect(prepared.permissions).toEqual([]); // the catalog requests no role, so none can have been granted
  });
});

describe('general-economy: a fresh city gets a working economy', () => {
  it('installs through the kernel, the modules, issuance and rates committees, and the redeemers', async () => {
    const steps: string[] = [];
    installed = await installModule({
      dir: DIR,
      city,
      wallet: deployer,
      committees: committees(),
      redeemers: { 'transit-ride': transit, 'museum-entry': museum, 'community-centre-class': centre },
      overrides: { 'budget.perPeriod': 20_000 },
      waitForDelay: fastForward,
      onStep: (s) => steps.push(s.step),
    });
    expect(steps).toEqual(['prepared', 'approved', 'applied', 'configured', 'offer', 'offer', 'offer']);
    // dpan.json taskPolicy: the modules committee registered the module as its tasks' publish-time policy.
    expect(installed.taskPolicy?.proposalId).toBeDefined();
    expect(await readContract(deployer, { address: city.taskBoard, abi: TaskBoardAbi, functionName: 'modulePolicy', args: [toId(NAME)] })).toBe(installed.module);
    const pkg = readModuleDirectory(DIR);
    const inst = await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [NAME] });
    expect(inst).toMatchObject({ installed: true, module: installed.module, version: '0.1.0', contentHash: pkg.contentHash });
    // The kernel deployed the setup from the package's creation code and recorded its hash; the install checked it.
    expect(installed.setupCode).toEqual({ hash: pkg.setupCodeHash, checkedAgainst: 'package' });
    const prep = await readContract(deployer, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'preparation', args: [installed.preparationId] });
    expect(prep.setupInitCodeHash).toBe(pkg.setupCodeHash);
    expect(installed.budget.perPeriod).toBe(20_000n);
    expect(installed.budget.proposalId).toBeDefined();
    expect(await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [toId(NAME)] })).toBe(20_000n);
    for (const type of pkg.catalog.taskTypes) {
      expect(await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'rateBounds', args: [toId(type.id)] })).toEqual([
        BigInt(type.rate.min),
        BigInt(type.rate.max),
      ]);
    }
    const [types] = (await readContract(deployer, { address: installed.module, abi: economyAbi, functionName: 'catalog' })) as [Hex[], bigint[], bigint[]];
    expect(types).toEqual(pkg.catalog.taskTypes.map((t) => toId(t.id)));
    expect(installed.offers.map((o) => o.offering)).toEqual(['transit-ride', 'museum-entry', 'community-centre-class']);
    expect(installed.offersSkipped).toEqual([]);
    // The contract's verification requirement is the one every catalog type's rule in verification.json states.
    const required = await readContract(deployer, { address: installed.module, abi: economyAbi, functionName: 'VERIFIERS_REQUIRED' });
    for (const type of pkg.catalog.taskTypes) {
      const rule = pkg.rules.rules.find((r) => r.id === type.verification);
      expect(BigInt(rule?.verifiersRequired ?? -1)).toBe(BigInt(required as number));
    }
  });

  it('refuses a second install of the same module', async () => {
    const error = await rejection(installModule({ dir: DIR, city, wallet: deployer, committees: committees(), waitForDelay: fastForward }));
    expect(error).toBeInstanceOf(ModuleIncompatibleError);
  });

  it('catalog tasks are completed, verified, minted against the module budget, and redeemed', async () => {
    // The offers opened at install back the period cap from the period after they opened.
    const [, , periodEnd] = await readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
    await fastForward(Number(periodEnd));
    const { timestamp } = await getBlock(deployer, { blockTag: 'latest' });
    const end = timestamp + 7n * 24n * 3_600n;
    const publish = (taskType: string, rate: bigint) =>
      publishTask(issuer, { city, module: NAME, taskType, rate, slots: 5, end, zone: 'citywide', evidenceSchemaHash: EVIDENCE_SCHEMA });
    const cleanup = await publish('park-cleanup', 20n);
    const foodBank = await publish('food-bank-shift', 30n);
    const tutoring = await publish('tutoring-hour', 15n);
    const completions: bigint[] = [];
    for (const [participant, taskId] of [
      [alice, cleanup.taskId],
      [alice, foodBank.taskId],
      [bob, tutoring.taskId],
      [bob, cleanup.taskId],
    ] as const) {
      await claimTask(participant, { city, taskId });
      const { completionId } = await submitCompletion(participant, { city, taskId, evidenceHash: keccak256(toBytes(`${participant.account.address}:${taskId}`)) });
      completions.push(completionId);
    }
    const { verified } = await verifyBatch(issuer, { city, completionIds: completions });
    expect(verified.map((v) => v.credits)).toEqual([20n, 30n, 15n, 20n]);
    const balance = (who: CityWalletClient) => readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'balanceOf', args: [who.account.address] });
    expect(await balance(alice)).toBe(50n);
    expect(await balance(bob)).toBe(35n);
    const period = await readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'currentPeriod' });
    expect(await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleSpent', args: [toId(NAME), period] })).toBe(85n);
    // The period cap comes from the standing offers: (5 x 2000 + 15 x 300 + 20 x 150) x 80%.
    const [cap, issued] = await readContract(deployer, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'periodIssuance', args: [period] });
    expect(cap).toBe(((5n * 2000n + 15n * 300n + 20n * 150n) * 8_000n) / 10_000n);
    expect(issued).toBe(85n);

    const transitOffer = installed.offers.find((o) => o.offering === 'transit-ride')?.offerId ?? 0n;
    const { credits } = await redeem(alice, { city, offerId: transitOffer, units: 4n });
    expect(credits).toBe(20n);
    expect(await balance(alice)).toBe(30n);
    const classOffer = installed.offers.find((o) => o.offering === 'community-centre-class')?.offerId ?? 0n;
    await redeem(bob, { city, offerId: classOffer, units: 1n });
    expect(await balance(bob)).toBe(15n);
    const [minted, burned] = await readContract(deployer, { address: city.credit, abi: CivicCreditAbi, functionName: 'totals' });
    expect([minted, burned]).toEqual([85n, 40n]);
  });

  /** Publishes a task of this module and returns the refusal: the board's error, and the module's decoded. */
  async function refusedAtPublish(taskType: string, rate: bigint, verifiersRequired = 0) {
    const before = await getBlock(deployer, { blockTag: 'latest' });
    const error = await rejection(
      publishTask(issuer, { city, module: NAME, taskType, rate, slots: 1, end: before.timestamp + 3_600n, zone: 'citywide', evidenceSchemaHash: EVIDENCE_SCHEMA, verifiersRequired }),
    );
    expect(error).toBeInstanceOf(ContractRevertError);
    // The core names only its own errors; the module's come from its artifact's ABI.
    expect((error as ContractRevertError).errorName).toBeUndefined();
    expect((await getBlock(deployer, { blockTag: 'latest' })).number).toBe(before.number); // refused before sending
    return decodeModuleRevert(error, economyAbi);
  }

  it('a task type outside the catalog is refused at publish by the module', async () => {
    // The city's default bounds (1..100) let 20 through: the module's policy is what refuses it.
    const refusal = await refusedAtPublish('graffiti-removal', 20n);
    expect(refusal?.errorName).toBe('GeneralEconomyUnknownTaskType');
    expect(refusal?.args).toEqual([toId('graffiti-removal')]);
  });

  it('a rate outside its type bounds is refused at publish (by the city, and by the module if the city widens them)', async () => {
    const { timestamp } = await getBlock(deployer, { blockTag: 'latest' });
    const error = await rejection(
      publishTask(issuer, { city, module: NAME, taskType: 'tutoring-hour', rate: 26n, slots: 1, end: timestamp + 3_600n, zone: 'citywide', evidenceSchemaHash: EVIDENCE_SCHEMA }),
    );
    expect((error as ContractRevertError).errorName).toBe('IssuanceControllerRateOutOfBounds');
    expect((error as ContractRevertError).args).toEqual([toId('tutoring-hour'), 26n, 10n, 25n]);

    // The rates committee widens the city's bounds for the type; the catalog the modules committee reviewed holds.
    const widen = await scheduleDecision(city.committees.rates, members, {
      target: city.issuance,
      data: encodeFunctionData({ abi: IssuanceControllerAbi, functionName: 'setRateBounds', args: [toId('tutoring-hour'), 1n, 100n] }),
      description: 'tutoring-hour: widen the city bounds to 1..100',
    });
    await executeDecisions(deployer, () => city.committees.rates, [widen], fastForward);
    const refusal = await refusedAtPublish('tutoring-hour', 26n);
    expect(refusal?.errorName).toBe('GeneralEconomyRateOutOfBounds');
    expect(refusal?.args).toEqual([toId('tutoring-hour'), 26n, 10n, 25n]);
  });

  it('a k-of-n task is refused at publish: the module\'s rules are issuer-verified', async () => {
    const refusal = await refusedAtPublish('food-bank-shift', 30n, 2);
    expect(refusal?.errorName).toBe('GeneralEconomyWrongVerification');
    expect(refusal?.args).toEqual([toId('food-bank-shift'), 2n, 0n]);
  });

  it('a task paid from a budget line no installed module has is refused', async () => {
    const { timestamp } = await getBlock(deployer, { blockTag: 'latest' });
    const error = await rejection(
      publishTask(issuer, { city, module: '@citysync/dpan-not-installed', taskType: 'park-cleanup', rate: 20n, slots: 1, end: timestamp + 3_600n, zone: 'citywide', evidenceSchemaHash: EVIDENCE_SCHEMA }),
    );
    expect((error as ContractRevertError).errorName).toBe('TaskBoardUnknownModule');
  });
});
