import type { Address, Hex } from 'viem';
import { getAddress } from 'viem';

import { type InstalledModuleStatus, auditInstalled as auditInstalledModules } from '@citysync/registry';
import type { InstallPolicy } from '@citysync/registry';
import { type InstallFromRegistryReturnType, installFromRegistry } from '@citysync/registry';
import { type InstallPreview, formatInstallPreview, installPreview } from '@citysync/registry';
import { readLockfile } from '@citysync/registry';
import type { RegistryNetworkClients } from '@citysync/registry';
import { uninstallFromCity } from '@citysync/registry';
import { updateFromRegistry } from '@citysync/registry';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { fetchVerifiedModule } from '@citysync/registry';
import { proposeInstallOperation, proposeUninstallOperation, resolveModuleParameters } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { CliUsageError } from '../errors.js';
import { type ProposedOperation, proposedOf, renderProposed } from './operation.js';
import { type ChainOptions, type OpenedCity, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { embeddedCommittees, parseOverrides, parseRedeemers } from '../embeddedCommittees.js';
import { type RegistryOptions, openRegistryOf, parsePackageSpec } from '../registryContext.js';

type InstallOptions = ChainOptions &
  SignerOptions &
  RegistryOptions &
  OutputOptions & {
    members?: string | undefined;
    redeemer?: string[] | undefined;
    set?: string[] | undefined;
    dryRun?: boolean | undefined;
    propose?: boolean | undefined;
  };

export type InstallResult = {
  name: string;
  version: string | undefined;
  dryRun: boolean;
  upToDate: boolean;
  preview: InstallPreview | undefined;
  module: Address | undefined;
  preparationId: bigint | undefined;
  /** The setup's creation code hash the kernel recorded, and what the install checked it against before approving. */
  setupCode: { hash: `0x${string}`; checkedAgainst: 'registry' | 'package' } | undefined;
  lockfile: string | undefined;
};

function policyOf(connection: OpenedCity): InstallPolicy {
  const { trustedAuditors, minAttestations, allowUnaudited } = connection.config.installPolicy;
  return { trustedAuditors: trustedAuditors.map((a) => getAddress(a)), minAttestations, allowUnaudited };
}

/** The shared body of install and update: committees (embedded chain), registry network, the SDK flow. */
async function installOrUpdate(name: string, range: string | undefined, options: InstallOptions, operation: 'install' | 'update'): Promise<InstallResult> {
  const overrides = parseOverrides(options.set ?? []);
  const sender = signerOf(options);
  const connection = await openCityOf(options);
  const network: RegistryNetworkClients = await openRegistryOf(options);
  // A dry run sends nothing, so it needs no committee keys: it works against any chain.
  const committees = options.dryRun === true ? undefined : embeddedCommittees(connection, options.members, `dpan ${operation}`);
  const { city } = connection;
  const flow = operation === 'update' ? updateFromRegistry : installFromRegistry;
  const result: InstallFromRegistryReturnType = await flow({
    network,
    cityDir: connection.cityDir,
    city,
    policy: policyOf(connection),
    name,
    range,
    wallet: walletOf(connection, sender),
    committees: {
      modules: (await committees?.membersOf(city.committees.modules)) ?? [],
      issuance: (await committees?.membersOf(city.committees.issuance)) ?? [],
      rates: (await committees?.membersOf(city.committees.rates)) ?? [],
    },
    redeemers: parseRedeemers(connection, options.redeemer ?? []),
    overrides,
    waitForDelay: committees?.waitForDelay ?? (async () => {}),
    dryRun: options.dryRun,
    onStep: (step) => {
      // The committee's view before anything is sent (a dry run prints it as its result).
      if (step.step === 'preview' && options.json !== true && options.dryRun !== true) process.stderr.write(`${formatInstallPreview(step.preview)}\n`);
    },
  });
  return {
    name,
    version: result.locked?.version ?? result.preview?.version,
    dryRun: result.dryRun,
    upToDate: result.upToDate,
    preview: result.preview,
    module: result.installed?.module,
    preparationId: result.installed?.preparationId,
    setupCode: result.installed?.setupCode,
    lockfile: result.locked === undefined || result.dryRun ? undefined : `${connection.cityDir}/dpan-lock.json`,
  };
}

const renderInstall = (r: InstallResult): string => {
  if (r.upToDate) return `${r.name}@${String(r.version)} is the newest installable version in range: nothing to do`;
  if (r.dryRun) {
    return `${r.preview === undefined ? '' : `${formatInstallPreview(r.preview)}\n`}dry run: ${r.name}@${String(r.version)} passed every check; nothing was sent and no file was written`;
  }
  const setup = r.setupCode === undefined ? [] : [`setup code ${r.setupCode.hash} (the preparation's, matching the ${r.setupCode.checkedAgainst === 'registry' ? 'ModuleRegistry record' : 'package'})`];
  return [`installed ${r.name}@${String(r.version)} at ${String(r.module)} (preparation ${String(r.preparationId)})`, ...setup, `locked in ${String(r.lockfile)}`].join('\n');
};

/** `dpan install <name[@range]>`: fetch, verify, preview, install through the kernel and committees, lock. */
export const install = defineCommand(async (spec: string, options: InstallOptions): Promise<InstallResult | ProposedOperation> => {
  const { name, version } = parsePackageSpec(spec, 'dpan install');
  if (options.propose === true) return await proposeFromRegistry(name, version, options, 'install');
  return await installOrUpdate(name, version, options, 'install');
}, { render: (r) => ('operation' in r ? renderProposed(r) : renderInstall(r)) });

/**
 * `--propose`: fetch, verify and preview as an install does, then the kernel's prepare and the proposer's own
 * committees' proposals, as one operation the other members approve (dpan approve) and anyone applies (dpan apply,
 * which writes the lockfile once it completes).
 */
async function proposeFromRegistry(name: string, range: string | undefined, options: InstallOptions, kind: 'install' | 'update'): Promise<ProposedOperation> {
  if (options.dryRun === true) throw new CliUsageError('--propose and --dry-run: a dry run sends nothing; drop one of them.');
  if (options.members !== undefined || (options.redeemer ?? []).length > 0) {
    throw new CliUsageError('--propose signs as the proposer only: --members and --redeemer do not apply.', {
      details: 'Members approve with dpan approve <operation>; redeemers open the standing offers once it is applied (dpan offer create).',
    });
  }
  const overrides = parseOverrides(options.set ?? []);
  const connection = await openCityOf(options);
  const wallet = walletOf(connection, signerOf(options));
  const network: RegistryNetworkClients = await openRegistryOf(options);
  const previous = readLockfile(connection.cityDir).modules[name];
  if (kind === 'update' && previous === undefined) {
    throw new CliUsageError(`${name} is not in dpan-lock.json: it was not installed from a registry.`, { details: `Install it with: dpan install ${name} --propose` });
  }
  const staging = mkdtempSync(join(tmpdir(), 'dpan-propose-'));
  try {
    const fetched = await fetchVerifiedModule({
      network,
      name,
      range: range ?? (kind === 'update' ? `^${String(previous?.version)}` : 'latest'),
      policy: policyOf(connection),
      policyFile: 'city.json',
      dest: join(staging, 'package'),
    });
    const values = resolveModuleParameters(fetched.pkg.parameters, overrides, { file: fetched.pkg.manifest.files.parameters });
    const policy = policyOf(connection);
    const preview = await installPreview({
      client: wallet,
      city: connection.city,
      fetched,
      parameters: values,
      trustedAuditors: policy.trustedAuditors,
      minAttestations: policy.minAttestations,
      allowUnaudited: policy.allowUnaudited,
    });
    if (options.json !== true) process.stderr.write(`${formatInstallPreview(preview)}\n`);
    const result = await proposeInstallOperation(wallet, { city: connection.city, module: fetched.pkg, parameters: values, kind, source: 'registry' });
    return proposedOf(result);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `dpan update [name[@range]]`: every locked module (or the one named) to its newest installable version in range. */
export const update = defineCommand(
  async (spec: string | undefined, options: InstallOptions): Promise<{ updates: InstallResult[] } | ProposedOperation> => {
    if (options.propose === true) {
      if (spec === undefined) throw new CliUsageError('dpan update --propose: name the module to update (one operation per module).');
      const { name, version } = parsePackageSpec(spec, 'dpan update');
      return await proposeFromRegistry(name, version, options, 'update');
    }
    if (spec !== undefined) {
      const { name, version } = parsePackageSpec(spec, 'dpan update');
      return { updates: [await installOrUpdate(name, version, options, 'update')] };
    }
    const connection = await openCityOf(options);
    const updates: InstallResult[] = [];
    for (const name of Object.keys(readLockfile(connection.cityDir).modules)) updates.push(await installOrUpdate(name, undefined, options, 'update'));
    return { updates };
  },
  {
    render: (r) =>
      'operation' in r ? renderProposed(r) : r.updates.length === 0 ? 'no module in dpan-lock.json: nothing to update' : r.updates.map(renderInstall).join('\n'),
  },
);

export type UninstallResult = { name: string; version: string; module: Address; contentHash: Hex; policyCleared: boolean; budgetClosed: boolean };

/** `dpan uninstall <name>`: through the kernel and committees; out of the lockfile. */
export const uninstall = defineCommand(
  async (
    name: string,
    options: ChainOptions & SignerOptions & OutputOptions & { members?: string | undefined; propose?: boolean | undefined },
  ): Promise<UninstallResult | ProposedOperation> => {
    parsePackageSpec(name, 'dpan uninstall');
    const connection = await openCityOf(options);
    if (options.propose === true) {
      if (options.members !== undefined) throw new CliUsageError('--propose signs as the proposer only: --members does not apply.');
      const source = readLockfile(connection.cityDir).modules[name] === undefined ? 'directory' : 'registry';
      return proposedOf(await proposeUninstallOperation(walletOf(connection, signerOf(options)), { city: connection.city, name, source }));
    }
    const committees = embeddedCommittees(connection, options.members, 'dpan uninstall');
    const { city } = connection;
    const result = await uninstallFromCity({
      cityDir: connection.cityDir,
      name,
      city,
      wallet: walletOf(connection, signerOf(options)),
      committees: { modules: await committees.membersOf(city.committees.modules), issuance: await committees.membersOf(city.committees.issuance) },
      waitForDelay: committees.waitForDelay,
    });
    const { version, module, contentHash, policyCleared, budgetClosed } = result;
    return { name, version, module, contentHash, policyCleared, budgetClosed };
  },
  {
    render: (r) =>
      'operation' in r
        ? renderProposed(r)
        : `uninstalled ${r.name}@${r.version}: its roles are revoked${r.policyCleared ? ', its task policy cleared' : ''}${r.budgetClosed ? ', its budget line closed' : ''}; removed from dpan-lock.json`,
  },
);

export type CityStatusResult = {
  city: string;
  ticker: string;
  rpcUrl: string;
  embedded: boolean;
  modules: InstalledModuleStatus[];
  /** Undefined when the registry network could be reached. */
  registryUnavailable: string | undefined;
};

async function statusOf(options: ChainOptions & RegistryOptions): Promise<CityStatusResult> {
  const connection = await openCityOf(options);
  let network: RegistryNetworkClients | undefined;
  let registryUnavailable: string | undefined;
  try {
    network = await openRegistryOf(options);
  } catch (error) {
    registryUnavailable = (error as Error).message;
  }
  const modules =
    network === undefined
      ? []
      : await auditInstalledModules({ cityClient: connection.publicClient, city: connection.city, cityDir: connection.cityDir, policy: policyOf(connection), network });
  return { city: connection.config.name, ticker: connection.config.ticker, rpcUrl: connection.rpcUrl, embedded: connection.embedded, modules, registryUnavailable };
}

const renderModules = (modules: readonly InstalledModuleStatus[]): string[] =>
  modules.flatMap((m) => [
    `  ${m.name}@${m.version}  ${m.module}  (${m.source === 'registry' ? 'from the registry, locked' : 'from a directory'})${m.advisories.length === 0 ? '' : '  ADVISORY'}`,
    ...m.advisories.map((a) => `    ! ${a.kind}: ${a.message}`),
  ]);

/** `dpan status`: the city, its chain, its installed modules and their advisories. */
export const status = defineCommand(async (options: ChainOptions & RegistryOptions & OutputOptions) => await statusOf(options), {
  render: (r) =>
    [
      `${r.city} (${r.ticker}) on ${r.rpcUrl}${r.embedded ? ' (embedded chain)' : ''}`,
      r.registryUnavailable !== undefined ? `modules: advisories unavailable (${r.registryUnavailable})` : `modules (${r.modules.length}):`,
      ...renderModules(r.modules),
    ].join('\n'),
});

/** `dpan audit-installed`: the installed modules checked again against the registry; exit 1 on any advisory. */
export const auditInstalled = defineCommand(
  async (options: ChainOptions & RegistryOptions & OutputOptions): Promise<{ modules: InstalledModuleStatus[]; advisories: number }> => {
    const connection = await openCityOf(options);
    const network = await openRegistryOf(options);
    const modules = await auditInstalledModules({ cityClient: connection.publicClient, city: connection.city, cityDir: connection.cityDir, policy: policyOf(connection), network });
    return { modules, advisories: modules.reduce((n, m) => n + m.advisories.length, 0) };
  },
  {
    render: (r) => [`${r.modules.length} installed module(s), ${r.advisories} advisory(ies)`, ...renderModules(r.modules)].join('\n'),
    failed: (r) => r.advisories > 0,
  },
);
