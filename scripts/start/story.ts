// The whole City/Sync story on embedded defaults, through the SDK (no `dpan` child processes):
// 1. an embedded anvil per city (state in .citysync/<city>/) and the registry network (verdaccio + its chain, in
//    .citysync/registry), all on free loopback ports; a previous run's state is stopped and replaced;
// 2. Berkeley (BRKY) and Mexico City (CDMX) deployed from examples/ on their own chains;
// 3. Berkeley's blight & safety MCE (runBlightEvent), its report and GeoJSON hazard dataset;
// 4. the MCE record exported and graded, a module scaffolded from it; the event's module, the scaffold and
//    Berkeley's disaster-prep module published; the registry council accredits the auditors, who attest;
// 5. Mexico City forks disaster-prep with its own parameters, publishes and gets it audited, installs it (the
//    committee's preview printed), runs a drill with it (scripts/start/drill.ts), and the lineage is printed;
// 6. each city's health table, the files written, and everything started is stopped.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { type CityContracts, type CityWalletClient, type CommitteeName, OrgRoles, accredit, approveProposal, executeProposal, renderStatementHtml, renderStatementText } from '@citysync/sdk';
import { deployCityFromConfig, loadCity, readDeployment } from '@citysync/sdk/node';
import { type HealthGovernance, computeHealth, formatHealthTable, indexCity, readPeriodClock } from '@citysync/indexer';
import { accreditAuditor, auditModule, forkModule, formatInstallPreview, installFromRegistry, moduleLineage, openRegistryNetwork, publishModule, registryNetworkStatus, renderLineage, startRegistryNetwork, stopRegistryNetwork } from '@citysync/registry';
import { CivicCreditAbi } from '@citysync/contracts';
import { embeddedChainStatus, startEmbeddedChain, stopEmbeddedChain } from '@citysync/devnet';
import { readModuleDirectory } from '@citysync/module-kit';
import { buildReport, exportMceRecord, writeMceRecord } from '@citysync/dpan-blight-mce';
import { addRegistryUser } from '@citysync/registry';
import { formatGraduationReport, gradeMceRecord, loadGraduationCriteria, scaffoldModule } from '@citysync/scaffolder';
import { readDocument } from '@citysync/schemas/node';
import { type Address, type Chain, type PublicClient, createPublicClient, createTestClient, createWalletClient, defineChain, formatUnits, getAddress, http, isAddressEqual, keccak256, toBytes } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { getBlock, getChainId, readContract } from 'viem/actions';

import { BLIGHT_MODULE_DIR, runBlightEvent } from '../../modules/blight-mce/scripts/runEvent.js';
import { runDrill } from './drill.js';
import { runVaultYear } from './vault.js';
import { type StoryOutput, createSteps } from './steps.js';

const MNEMONIC = 'test test test test test test test test test test test junk';
/** Dev accounts: the registry council, the cities' package maintainers and each city's trusted auditor. */
const ACCOUNT = { council: 0, berkeleyMaintainer: 1, cdmxMaintainer: 15, berkeleyAuditor: 14, cdmxAuditor: 11 } as const;
const DISASTER_PREP = '@citysync/dpan-disaster-prep';
const CDMX_FORK = '@cdmx/dpan-disaster-prep';
const SCAFFOLD = '@berkeley/dpan-blight-cleanup';
/** Mexico City's drill: civil protection issues, a hardware store redeems, three drill marshals verify. */
const CDMX_ORGS = { issuer: 30, shop: 31, marshals: [32, 33, 34] } as const;
const CDMX_PARTICIPANT_BASE = 40;
const CDMX_DRILL_PARTICIPANTS = 24;

export type RunStoryParameters = {
  /** The repository root: examples/ and modules/ are read from it. */
  root: string;
  /** Where the state goes. Default `<root>/.citysync`. */
  stateDir?: string | undefined;
  /** Participants of Berkeley's blight MCE. */
  participants: number;
  out: StoryOutput;
  /** Stops everything started when it fires (Ctrl-C). */
  signal?: AbortSignal | undefined;
};

export type RunStoryReturnType = {
  seconds: number;
  /** Every file or directory the story wrote that a person would look at, relative to `root`. */
  files: string[];
};

type Stoppable = { name: string; stop: () => Promise<void> };

/** Runs the story; whatever it started is stopped before it returns or throws. */
export async function runStory(parameters: RunStoryParameters): Promise<RunStoryReturnType> {
  const { root, out } = parameters;
  const state = parameters.stateDir ?? join(root, '.citysync');
  const dirs = { berkeley: join(state, 'berkeley'), cdmx: join(state, 'cdmx'), registry: join(state, 'registry'), packages: join(state, 'packages') };
  const rel = (path: string): string => relative(root, path) || '.';
  const s = createSteps(out);
  const started: Stoppable[] = [];
  const stopAll = async (): Promise<void> => {
    // Newest first; each is tried even if another fails.
    const all = started.splice(0).reverse();
    await Promise.allSettled(all.map((x) => x.stop()));
  };
  parameters.signal?.addEventListener('abort', () => void stopAll(), { once: true });
  const files: string[] = [];

  try {
    // ---- 1. chains and registry network --------------------------------------------------------------------------
    s.step(`replacing ${rel(state)}/ and starting an embedded anvil per city and the registry network (verdaccio + its chain)`);
    if (embeddedChainStatus(dirs.berkeley).running) await stopEmbeddedChain(dirs.berkeley);
    if (embeddedChainStatus(dirs.cdmx).running) await stopEmbeddedChain(dirs.cdmx);
    const previous = registryNetworkStatus(dirs.registry);
    if (previous.registry.running || previous.chain.running) await stopRegistryNetwork(dirs.registry);
    for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true });
    for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
    const [berkeleyChain, cdmxChain, registry] = await Promise.all([
      startEmbeddedChain({ cityDir: dirs.berkeley }).then((c) => (started.push({ name: 'Berkeley chain', stop: () => c.stop() }), c)),
      startEmbeddedChain({ cityDir: dirs.cdmx }).then((c) => (started.push({ name: 'Mexico City chain', stop: () => c.stop() }), c)),
      startRegistryNetwork({ dir: dirs.registry }).then((n) => (started.push({ name: 'registry network', stop: () => n.stop() }), n)),
    ]);
    parameters.signal?.throwIfAborted();
    s.done(`Berkeley ${berkeleyChain.rpcUrl}, Mexico City ${cdmxChain.rpcUrl}, registry ${registry.url} on chain ${registry.rpcUrl} (ModuleRegistry ${registry.moduleRegistry})`);

    // ---- 2 + 3. Berkeley and its blight MCE ----------------------------------------------------------------------
    s.step(`Berkeley (BRKY) from examples/berkeley and its blight & safety MCE with ${parameters.participants} participants, 4 issuers, 3 business offers`);
    const bar = s.progress('completions and redemptions');
    const event = await runBlightEvent({
      rpcUrl: berkeleyChain.rpcUrl,
      cityDir: dirs.berkeley,
      participants: parameters.participants,
      graduating: true,
      log: (text) => s.line(text),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.end();
    parameters.signal?.throwIfAborted();
    s.done(`event ${event.eventId}: ${event.expected.completions} completions (${event.expected.verified} verified), ${event.scenario.redemptions.length} redemptions`);

    s.step("the MCE's report and its GeoJSON hazard dataset (buildReport)");
    const blight = readModuleDirectory(BLIGHT_MODULE_DIR);
    const { summary, hazards } = await buildReport(event.client, { city: event.city, module: event.module, catalog: blight.catalog, evidence: event.evidence, fromBlock: event.fromBlock });
    const hazardsFile = join(dirs.berkeley, 'hazards.geojson');
    writeFileSync(hazardsFile, `${JSON.stringify(hazards, null, 2)}\n`);
    files.push(rel(hazardsFile));
    for (const i of summary.tasksByIssuer) s.line(`issuer ${i.issuer}: ${i.tasks} tasks, ${i.submitted} submitted, ${i.verified} verified, ${i.credits} credits`);
    s.line(`completions: ${summary.completions.submitted} submitted, ${summary.completions.verified} verified, ${summary.completions.rejected} rejected`);
    s.line(`credits: ${summary.creditsIssued} issued, ${summary.creditsRedeemed} redeemed on ${summary.offers.length} business offers`);
    s.line(`zones: ${summary.zones.cleared.length} of ${summary.zones.registered} cleared; participants: ${summary.participants} (${summary.newcomers} newcomers)`);
    s.done(`hazard dataset: ${hazards.features.length} verified observations, wrote ${rel(hazardsFile)}`);

    s.step("Berkeley's City Vault: two foundations endow the city, a year of yield, the harvest pays the budget lines, a donor's statement");
    const berkeleyDeployment = readDeployment(dirs.berkeley);
    if (berkeleyDeployment?.contracts.vault === undefined) throw new Error('Berkeley was deployed without its vault (examples/berkeley/city.json#/vault)');
    const berkeleyClients = await cityClients(berkeleyChain.rpcUrl);
    const year = await runVaultYear({
      city: berkeleyDeployment.contracts,
      cityName: 'Berkeley',
      publicClient: berkeleyClients.publicClient,
      wallet: berkeleyClients.wallet,
      fund: berkeleyClients.fund,
      fromBlock: BigInt(berkeleyDeployment.blockNumber),
    });
    const tusd = (amount: bigint): string => `${formatUnits(amount, 6)} tUSD`;
    for (const d of year.donors) s.line(`${d.address} gave ${tusd(d.amount)}${d.dedication ? ` "${d.dedication}"` : ''}: locked for ever`);
    s.line(`harvested ${tusd(year.harvested)} of yield; paid:`);
    for (const p of year.payouts) s.line(`  ${p.purpose}: ${tusd(p.amount)} to ${p.recipient}`);
    const statementFile = join(dirs.berkeley, `vault-statement-${year.statement.year}.html`);
    writeFileSync(statementFile, renderStatementHtml(year.statement));
    files.push(rel(statementFile));
    for (const l of renderStatementText(year.statement).split('\n').slice(0, 14)) s.line(l);
    s.done(`principal ${tusd(year.donors.reduce((sum, d) => sum + d.amount, 0n))} never moves; wrote ${rel(statementFile)} (printable)`);

    // ---- 4. record, graduation, scaffold, publish, audit ---------------------------------------------------------
    s.step('exporting the MCE record (exportMceRecord) and grading it against the graduation criteria');
    const { config: berkeleyConfig, governance: berkeleyGovernance } = loadCity(dirs.berkeley);
    const exported = await exportMceRecord(event.client, {
      city: event.city,
      event: event.eventId,
      moduleDir: () => BLIGHT_MODULE_DIR,
      evidence: event.evidence,
      labels: event.labels,
      targets: event.targets,
      cityParameters: berkeleyGovernance,
      cityName: berkeleyConfig.name,
      fromBlock: event.fromBlock,
    });
    const recordFile = writeMceRecord(join(dirs.berkeley, 'blight.record.json'), exported.record, { force: true });
    files.push(rel(recordFile));
    const criteria = loadGraduationCriteria();
    const graduation = gradeMceRecord(exported.record, criteria);
    for (const l of formatGraduationReport(graduation, rel(recordFile)).split('\n')) s.line(l);
    s.done(`wrote ${rel(recordFile)}; graduation: ${graduation.criteria.filter((c) => c.pass).length} of ${graduation.criteria.length} criteria pass`);

    s.step(`scaffolding ${SCAFFOLD} from the record (scaffoldModule)`);
    const scaffolded = scaffoldModule({ record: exported.record, recordFile, name: SCAFFOLD, out: join(dirs.packages, 'dpan-blight-cleanup'), criteria });
    files.push(rel(scaffolded.dir));
    s.done(`${scaffolded.name}@${scaffolded.version} in ${rel(scaffolded.dir)} (${scaffolded.files.length} files), forked from ${scaffolded.forkedFrom ?? 'none'}`);

    s.step('publishing the event\'s module, the scaffold and disaster-prep; the council accredits auditors, who attest');
    const network = await openRegistryNetwork({ dir: dirs.registry });
    const dev = (index: number) => mnemonicToAccount(MNEMONIC, { addressIndex: index });
    const berkeleyToken = (await addRegistryUser({ url: registry.url, username: 'berkeley', password: 'berkeley-modules-2026', email: 'modules@berkeley.example' })).token;
    const cdmxToken = (await addRegistryUser({ url: registry.url, username: 'cdmx', password: 'cdmx-modules-2026', email: 'modulos@cdmx.example' })).token;
    const council = network.walletOf(dev(ACCOUNT.council));
    await accreditAuditor(council, { moduleRegistry: network.moduleRegistry, auditor: dev(ACCOUNT.berkeleyAuditor).address, metadata: 'Bay Area Civic Audit Cooperative' });
    await accreditAuditor(council, { moduleRegistry: network.moduleRegistry, auditor: dev(ACCOUNT.cdmxAuditor).address, metadata: 'Auditoría Cívica de la Ciudad de México' });
    const berkeleyPublisher = network.walletOf(dev(ACCOUNT.berkeleyMaintainer));
    // forkedFrom must name a recorded version: the module the event ran goes first.
    const published = [];
    for (const dir of [BLIGHT_MODULE_DIR, scaffolded.dir, join(root, 'modules', 'disaster-prep')]) {
      const p = await publishModule({ dir, network, publisher: berkeleyPublisher, token: berkeleyToken });
      published.push(p);
      s.line(`published ${p.name}@${p.version} (${p.integrity.slice(0, 20)}...)${p.forkedFrom === undefined ? '' : `, forked from ${p.forkedFrom}`}`);
    }
    const berkeleyAuditor = network.walletOf(dev(ACCOUNT.berkeleyAuditor));
    const audited = published.slice(1);
    for (const p of audited) {
      const report = new TextEncoder().encode(`# Audit of ${p.name}@${p.version}\n\nContracts, task policy and parameters reviewed; no findings.\n`);
      const a = await auditModule(berkeleyAuditor, { network, name: p.name, version: p.version, report, verdict: 'pass' });
      s.line(`${p.name}@${p.version}: pass by ${a.auditor}`);
    }
    s.done(`${published.length} versions published, ${audited.length} attested by Berkeley's auditor`);

    // ---- 5. Mexico City ------------------------------------------------------------------------------------------
    const disasterPrep = published[2];
    if (disasterPrep === undefined) throw new Error('disaster-prep was not published');
    s.step(`Mexico City forks ${disasterPrep.name}@${disasterPrep.version} with examples/cdmx/fork-disaster-prep.json, publishes it and gets its audit`);
    const paramsFile = join(root, 'examples', 'cdmx', 'fork-disaster-prep.json');
    const params = readDocument(paramsFile);
    if (!params.ok) throw new Error(`${paramsFile}: ${params.issue.message}`);
    const forked = await forkModule({ network, source: { name: disasterPrep.name, version: disasterPrep.version }, as: CDMX_FORK, params: params.value, paramsFile, out: join(dirs.packages, 'cdmx-dpan-disaster-prep') });
    files.push(rel(forked.dir));
    s.line(`forked -> ${forked.name}@${forked.version}: ${forked.changes.length} changes inside the original's bounds`);
    const fork = await publishModule({ dir: forked.dir, network, publisher: network.walletOf(dev(ACCOUNT.cdmxMaintainer)), token: cdmxToken });
    const cdmxAudit = await auditModule(network.walletOf(dev(ACCOUNT.cdmxAuditor)), {
      network,
      name: fork.name,
      version: fork.version,
      report: new TextEncoder().encode(`# Auditoría de ${fork.name}@${fork.version}\n\nMismo código que el original; parámetros dentro de sus límites.\n`),
      verdict: 'pass',
    });
    s.done(`published ${fork.name}@${fork.version} (forked from ${fork.forkedFrom ?? '-'}), pass by ${cdmxAudit.auditor}`);

    s.step('Mexico City (CDMX) deployed from examples/cdmx on its own chain, then installs its fork from the registry');
    for (const file of ['city.json', 'governance.json']) copyFileSync(join(root, 'examples', 'cdmx', file), join(dirs.cdmx, file));
    const cdmx = await cityClients(cdmxChain.rpcUrl);
    const { deployment: cdmxDeployment } = await deployCityFromConfig({ dir: dirs.cdmx, wallet: cdmx.wallet(0), publicClient: cdmx.publicClient, rpcUrl: cdmxChain.rpcUrl });
    const { config: cdmxConfig, governance: cdmxGovernance } = loadCity(dirs.cdmx);
    const members = (name: CommitteeName): CityWalletClient[] => committeeWallets(cdmxConfig.committees, name, cdmx.wallet);
    // The drill's organizations, accredited by the accreditation committee (its delay waited out on the clock).
    const orgs = { issuer: cdmx.wallet(CDMX_ORGS.issuer), shop: cdmx.wallet(CDMX_ORGS.shop), marshals: CDMX_ORGS.marshals.map((i) => cdmx.wallet(i)) };
    const drillParticipants = Array.from({ length: CDMX_DRILL_PARTICIPANTS }, (_, i) => cdmx.wallet(CDMX_PARTICIPANT_BASE + i));
    for (const w of [orgs.issuer, orgs.shop, ...orgs.marshals, ...drillParticipants]) await cdmx.fund(w.account.address);
    const [proposer, ...approvers] = members('accreditation');
    const threshold = cdmxConfig.committees.find((c) => c.name === 'accreditation')?.threshold ?? 1;
    if (proposer === undefined || approvers.length < threshold - 1) throw new Error('the accreditation committee has too few dev-account members');
    for (const [org, roles, label] of [
      [orgs.issuer, OrgRoles.ISSUER, 'Secretaría de Gestión Integral de Riesgos y Protección Civil'],
      [orgs.shop, OrgRoles.REDEEMER, 'Ferretería La Esperanza'],
      ...orgs.marshals.map((m, i) => [m, OrgRoles.VERIFIER, `Brigadista jefe ${i + 1}`] as const),
    ] as const) {
      const { proposalId } = await accredit(proposer, { city: cdmxDeployment.contracts, org: org.account.address, roles, metadataHash: keccak256(toBytes(label)) });
      // Proposing counts as the proposer's approval; the others approve up to the committee's threshold.
      let readyAt = 0;
      for (const approver of approvers.slice(0, threshold - 1)) {
        const { scheduled } = await approveProposal(approver, { committee: cdmxDeployment.contracts.committees.accreditation, proposalId });
        readyAt = Math.max(readyAt, scheduled?.readyAt ?? 0);
      }
      await cdmx.waitForDelay(readyAt);
      await executeProposal(proposer, { committee: cdmxDeployment.contracts.committees.accreditation, proposalId });
    }
    const installed = await installFromRegistry({
      network,
      cityDir: dirs.cdmx,
      city: cdmxDeployment.contracts,
      policy: {
        trustedAuditors: cdmxConfig.installPolicy.trustedAuditors.map((a) => getAddress(a)),
        minAttestations: cdmxConfig.installPolicy.minAttestations,
        allowUnaudited: cdmxConfig.installPolicy.allowUnaudited,
      },
      name: CDMX_FORK,
      range: `^${fork.version}`,
      wallet: cdmx.wallet(0),
      committees: { modules: members('modules'), issuance: members('issuance'), rates: members('rates') },
      redeemers: { 'go-bag-starter-kit': orgs.shop, 'first-aid-class': orgs.shop, 'n95-mask-pack': orgs.shop },
      waitForDelay: cdmx.waitForDelay,
      onStep: (step) => {
        if (step.step === 'preview') for (const l of formatInstallPreview(step.preview).split('\n')) s.line(l);
      },
    });
    files.push(rel(join(dirs.cdmx, 'dpan-lock.json')));
    s.done(`installed ${CDMX_FORK}@${installed.locked?.version ?? '?'} at ${installed.installed?.module ?? '?'} on Mexico City's chain`);

    s.step(`Mexico City's drill with ${CDMX_FORK}: ${CDMX_DRILL_PARTICIPANTS} residents take the CERT basics course, then check in at the earthquake-season drill`);
    const installedModule = installed.installed?.module;
    if (installedModule === undefined || installed.packageDir === undefined) throw new Error(`${CDMX_FORK} was not installed`);
    // The shop's offers opened at install back the cap from the next period: the course starts then.
    const [, , installPeriodEnd] = await readContract(cdmx.publicClient, { address: cdmxDeployment.contracts.credit, abi: CivicCreditAbi, functionName: 'currentPeriodBounds' });
    await cdmx.warpTo(installPeriodEnd);
    const drillBar = s.progress('trainings and drill check-ins');
    const drill = await runDrill({
      city: cdmxDeployment.contracts,
      packageDir: installed.packageDir,
      name: CDMX_FORK,
      module: installedModule,
      publicClient: cdmx.publicClient,
      issuer: orgs.issuer,
      verifiers: orgs.marshals,
      participants: drillParticipants,
      warpTo: cdmx.warpTo,
      onProgress: (done, total) => drillBar.update(done, total),
    });
    drillBar.end();
    s.done(
      `${drill.trained} trained (only trained residents may claim a field task), drill on ${new Date(Number(drill.drillAt) * 1000).toISOString().slice(0, 10)}: ` +
        `${drill.approved} check-ins verified by ${drill.verifiersRequired} marshals each, ${drill.minted} credits minted`,
    );

    s.step(`the lineage of ${CDMX_FORK} (moduleLineage)`);
    const lineage = await moduleLineage({ network, name: CDMX_FORK });
    for (const l of renderLineage(lineage).split('\n')) s.line(l);
    s.done(`${lineage.roots.length} root(s)`);

    // ---- 6. health, files, stop ----------------------------------------------------------------------------------
    s.step("each city's events indexed into SQLite and its four health indicators");
    for (const city of [
      { label: 'Berkeley (BRKY)', dir: dirs.berkeley, client: event.client, contracts: event.city, fromBlock: event.fromBlock, governance: berkeleyGovernance },
      { label: 'Mexico City (CDMX)', dir: dirs.cdmx, client: cdmx.publicClient, contracts: cdmxDeployment.contracts, fromBlock: BigInt(cdmxDeployment.blockNumber), governance: cdmxGovernance },
    ]) {
      const dbPath = join(city.dir, '.citysync', 'index.sqlite');
      const indexed = await indexCity({ publicClient: city.client, contracts: city.contracts as CityContracts, fromBlock: city.fromBlock, dbPath });
      const periodClock = await readPeriodClock(city.client, { credit: city.contracts.credit });
      const rows = computeHealth({ dbPath, governance: city.governance as HealthGovernance, periodClock });
      s.line(`${city.label}: ${indexed.events} events indexed into ${rel(dbPath)}`);
      // The drill is months after the city's first week: show the periods with activity and the one after each.
      const shown = rows.filter((r, i) => r.issued > 0 || r.redeemed > 0 || r.engagement.active > 0 || (rows[i - 1]?.engagement.active ?? 0) > 0 || i === rows.length - 1);
      if (shown.length < rows.length) s.line(`${shown.length} of ${rows.length} periods (those with activity, the one after each, and the last):`);
      for (const l of formatHealthTable(shown).split('\n')) s.line(l);
      s.line();
      files.push(rel(dbPath));
    }
    s.done('health computed');

    s.step('stopping everything it started (state is kept for `dpan dashboard` and `dpan chain start`)');
    await stopAll();
    s.done('chains and registry stopped');

    out.write('');
    out.write('Files written:');
    for (const f of files) out.write(`  ${f}`);
    out.write('');
    out.write('Look at them:');
    // The dashboard and `dpan health` read the city's chain: it resumes from the state this run left.
    out.write(`  npx dpan chain start --city ${rel(dirs.berkeley)}`);
    out.write(`  npx dpan dashboard --city ${rel(dirs.berkeley)}     # the resident-facing page; likewise ${rel(dirs.cdmx)}`);
    out.write(`  npx dpan health --city ${rel(dirs.berkeley)}; npx dpan chain stop --city ${rel(dirs.berkeley)}`);
    out.write(`  npx dpan registry start --registry-dir ${rel(dirs.registry)} && npx dpan lineage ${DISASTER_PREP} --registry-dir ${rel(dirs.registry)}`);
    out.write(`  less ${rel(recordFile)}; ${rel(hazardsFile)} opens in any GeoJSON viewer; ${rel(statementFile)} in any browser`);
    out.write(`  npx dpan vault status --city ${rel(dirs.berkeley)}   # with the chain started`);
    const seconds = s.elapsed();
    out.write(`npm start finished in ${seconds.toFixed(1)} s`);
    return { seconds, files };
  } finally {
    await stopAll();
  }
}

/** Clients of a city's embedded chain: dev wallets and a clock that jumps past committee delays. */
async function cityClients(rpcUrl: string) {
  const transport = http(rpcUrl);
  const id = await getChainId(createPublicClient({ transport }));
  const chain: Chain = defineChain({ id, name: 'anvil', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 50 });
  const testClient = createTestClient({ mode: 'anvil', chain, transport });
  const wallet = (index: number): CityWalletClient =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: index }), chain, transport, pollingInterval: 50 });
  const waitForDelay = async (readyAt: number): Promise<void> => {
    const now = (await getBlock(publicClient)).timestamp;
    if (BigInt(readyAt) > now) await testClient.increaseTime({ seconds: readyAt - Number(now) });
    await testClient.mine({ blocks: 1 });
  };
  const fund = async (address: Address): Promise<void> => {
    await testClient.setBalance({ address, value: 10n ** 20n });
  };
  /** The next block is stamped `timestamp`; each block after it one second later (estimates see the same clock). */
  const warpTo = async (timestamp: bigint): Promise<void> => {
    await testClient.setBlockTimestampInterval({ interval: 1 });
    await testClient.setNextBlockTimestamp({ timestamp });
    await testClient.mine({ blocks: 1 });
  };
  return { publicClient: publicClient as PublicClient, wallet, waitForDelay, fund, warpTo };
}

/** The dev wallets of a committee's members as city.json lists them (the examples' members are dev accounts 0-19). */
function committeeWallets(
  committees: readonly { name: string; members: readonly string[] }[],
  name: CommitteeName,
  wallet: (index: number) => CityWalletClient,
): CityWalletClient[] {
  const entry = committees.find((c) => c.name === name);
  if (entry === undefined) throw new Error(`city.json has no ${name} committee`);
  const dev = Array.from({ length: 20 }, (_, i) => wallet(i));
  return entry.members.map((address) => {
    const member = dev.find((w) => isAddressEqual(w.account.address, address as Address));
    if (member === undefined) throw new Error(`committee member ${address} is not a dev account`);
    return member;
  });
}

