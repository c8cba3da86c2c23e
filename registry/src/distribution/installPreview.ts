import type { Address, Hex } from 'viem';
import { readContract } from 'viem/actions';

import { IssuanceControllerAbi, ModuleKernelAbi } from '@citysync/contracts';
import { MODULE_BUDGET_PARAMETER } from '@citysync/sdk/node';
import type { ReadModuleDirectoryReturnType } from '@citysync/module-kit';
import type { CityContracts } from '@citysync/sdk';
import type { CityReadClient } from '@citysync/sdk';
import type { FetchVerifiedModuleReturnType } from './fetchVerifiedModule.js';

/** What a city's committee sees before it approves an install: what the module asks for and what it may cost. */
export type InstallPreview = {
  name: string;
  version: string;
  integrity: string;
  manifestHash: Hex;
  /**
   * keccak256 of the setup's creation code: the package's, equal to the ModuleRegistry's record when `recorded` (the
   * kernel records the same hash when it deploys the setup, and the install refuses to approve any other).
   */
  setupCode: { hash: Hex | undefined; recorded: boolean };
  forkedFrom: string | undefined;
  audits: { passing: number; required: number; allowUnaudited: boolean; attestations: { auditor: Address; verdict: 'pass' | 'fail'; trusted: boolean }[] };
  /** Contracts the kernel deploys, by name. */
  contracts: string[];
  /** Functions of core contracts the module asks to call, with its reasons; the kernel grants exactly these. */
  permissions: { target: string; function: string; reason: string }[];
  /** Whether every task published under it must pass its rules (registered as the task board's policy). */
  taskPolicy: boolean;
  taskTypes: { id: string; title: string; rate: { default: number; min: number; max: number } }[];
  offerings: { id: string; title: string; price: number; capacityPerPeriod: number }[];
  parameters: Record<string, number>;
  liability: {
    /** The most credits the module's tasks may issue per period: its budget line. */
    perPeriod: bigint;
    /** The city's issuance cap of the current period (redemption capacity × coverage ratio). */
    cityCapThisPeriod: bigint;
    /** Budget lines already open for the other installed modules, per period. */
    otherModulesPerPeriod: bigint;
  };
  /** Plain-language warnings for the committee (e.g. the budget exceeds this period's cap). */
  warnings: string[];
};

export type InstallPreviewParameters = {
  client: CityReadClient;
  city: CityContracts;
  fetched: FetchVerifiedModuleReturnType;
  parameters: Record<string, number>;
  trustedAuditors: readonly Address[];
  minAttestations: number;
  allowUnaudited: boolean;
};

/** Builds the preview from the verified package and the city's chain (cap, other modules' budget lines). */
export async function installPreview(p: InstallPreviewParameters): Promise<InstallPreview> {
  const { client, city, fetched } = p;
  const pkg: ReadModuleDirectoryReturnType = fetched.pkg;
  const { manifest } = pkg;
  const [, cap] = await readContract(client, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'currentCap' });
  const ids = await readContract(client, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'moduleIds' });
  let others = 0n;
  for (const id of ids) {
    const installation = await readContract(client, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installationById', args: [id] });
    if (!installation.installed || installation.name === manifest.name) continue;
    others += await readContract(client, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'moduleBudget', args: [id] });
  }
  const perPeriod = BigInt(p.parameters[MODULE_BUDGET_PARAMETER] ?? 0);
  const warnings: string[] = [];
  if (perPeriod > cap) {
    warnings.push(`its budget line (${perPeriod} credits per period) is above this period's issuance cap (${cap}): the cap binds first`);
  }
  if (fetched.passing < p.minAttestations) warnings.push(`installed without the ${p.minAttestations} audit(s) the policy asks for (allowUnaudited)`);
  if (fetched.record.setupCodeHash === undefined) warnings.push('its setup code hash was not recorded at publish: the install checks the setup against the package only');
  if (manifest.permissions.length > 0) warnings.push(`it asks for ${manifest.permissions.length} permission(s) on core contracts: read each reason`);
  const trusted = (a: Address) => p.trustedAuditors.some((t) => t.toLowerCase() === a.toLowerCase());
  return {
    name: manifest.name,
    version: manifest.version,
    integrity: fetched.record.integrity,
    manifestHash: fetched.record.manifestHash,
    setupCode: { hash: pkg.setupCodeHash, recorded: fetched.record.setupCodeHash !== undefined },
    forkedFrom: fetched.record.forkedFrom,
    audits: {
      passing: fetched.passing,
      required: p.minAttestations,
      allowUnaudited: p.allowUnaudited,
      attestations: fetched.liveAttestations.map((a) => ({ auditor: a.auditor, verdict: a.verdict, trusted: trusted(a.auditor) })),
    },
    contracts: manifest.contracts.map((c) => c.name),
    permissions: manifest.permissions.map((x) => ({ target: x.target, function: x.function, reason: x.reason })),
    taskPolicy: manifest.taskPolicy === true,
    taskTypes: pkg.catalog.taskTypes.map((t) => ({ id: t.id, title: t.title, rate: { default: t.rate.default, min: t.rate.min, max: t.rate.max } })),
    offerings: (pkg.offerings?.offerings ?? []).map((o) => ({ id: o.id, title: o.title, price: o.price, capacityPerPeriod: o.capacityPerPeriod })),
    parameters: p.parameters,
    liability: { perPeriod, cityCapThisPeriod: cap, otherModulesPerPeriod: others },
    warnings,
  };
}

/** The preview as text for a terminal. */
export function formatInstallPreview(preview: InstallPreview): string {
  const lines = [
    `${preview.name}@${preview.version}${preview.forkedFrom === undefined ? '' : ` (forked from ${preview.forkedFrom})`}`,
    `  integrity      ${preview.integrity} (matches the ModuleRegistry record)`,
    `  content hash   ${preview.manifestHash} (the kernel checks it at apply)`,
    `  setup code     ${preview.setupCode.hash ?? 'none'} (${preview.setupCode.recorded ? 'matches the ModuleRegistry record; the preparation must record it too' : 'not recorded on the ModuleRegistry: checked against the package only'})`,
    `  audits         ${preview.audits.passing} passing from trusted auditors, ${preview.audits.required} required` +
      preview.audits.attestations.map((a) => `\n                   ${a.verdict.toUpperCase()} by ${a.auditor}${a.trusted ? ' (trusted)' : ''}`).join(''),
    `  contracts      ${preview.contracts.join(', ')}`,
    `  permissions    ${preview.permissions.length === 0 ? 'none (it acts only through its own contracts)' : ''}` +
      preview.permissions.map((x) => `\n                   ${x.target}.${x.function}: ${x.reason}`).join(''),
    `  task policy    ${preview.taskPolicy ? 'yes: every task published under it must pass its rules' : 'no'}`,
    `  task types     ${preview.taskTypes.map((t) => `${t.id} "${t.title}" ${t.rate.default} [${t.rate.min}, ${t.rate.max}]`).join('\n                 ')}`,
    `  offerings      ${preview.offerings.map((o) => `${o.id} "${o.title}" ${o.price} credits x ${o.capacityPerPeriod}`).join('\n                 ') || 'none'}`,
    `  liability      up to ${preview.liability.perPeriod} credits per period (this period's city cap: ${preview.liability.cityCapThisPeriod}; other modules' budget lines: ${preview.liability.otherModulesPerPeriod})`,
    ...preview.warnings.map((w) => `  warning        ${w}`),
  ];
  return lines.join('\n');
}
