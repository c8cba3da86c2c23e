import { readContract } from 'viem/actions';

import { AccreditationAbi, CivicCreditAbi, IssuanceControllerAbi, ModuleKernelAbi } from '@citysync/contracts';
import type { ReadModuleDirectoryReturnType } from '@citysync/module-kit';
import { OrgRoles } from '../constants/roles.js';
import type { CityContracts } from '../types/city.js';
import type { CityReadClient, CityWalletClient } from '../types/client.js';
import { toId } from '../utils/toId.js';
import { ModuleIncompatibleError, ModulePackageError } from './errors.js';

/** The parameter every module defines: credits its tasks may issue per period (its budget line). */
export const MODULE_BUDGET_PARAMETER = 'budget.perPeriod';

/** The module's budget line per period from its resolved parameters; a module without a positive one is refused. */
export function moduleBudgetOf(pkg: ReadModuleDirectoryReturnType, values: Readonly<Record<string, number>>): bigint {
  const budgetValue = values[MODULE_BUDGET_PARAMETER];
  if (budgetValue === undefined || !Number.isSafeInteger(budgetValue) || budgetValue <= 0) {
    throw new ModulePackageError(`${pkg.manifest.files.parameters}#/parameters`, `needs a positive integer "${MODULE_BUDGET_PARAMETER}" (credits)`, {
      details: 'Every module defines its budget line per period; see modules/README.md.',
    });
  }
  return BigInt(budgetValue);
}

/** A catalog type's rate bounds as the module declares them, and whether the city has them pinned so already. */
export type PlannedRateBounds = { taskType: string; min: bigint; max: bigint; already: boolean };

export type CheckModuleCompatibilityParameters = {
  city: CityContracts;
  module: ReadModuleDirectoryReturnType;
  /** Redeemers that will open the module's standing offerings, by offering id (checked accredited). */
  redeemers?: Readonly<Record<string, CityWalletClient>> | undefined;
  operation: 'install' | 'update';
};

/**
 * Everything checkable before the first transaction of an install or update: installed state, the catalog inside
 * the city's rate bounds, offerings' prices inside its price bounds, redeemers accredited. Returns each catalog
 * type's bounds and whether they are already set so.
 */
export async function checkModuleCompatibility(
  client: CityReadClient,
  parameters: CheckModuleCompatibilityParameters,
): Promise<PlannedRateBounds[]> {
  const { city, module: pkg, operation } = parameters;
  const redeemers = parameters.redeemers ?? {};
  const { manifest } = pkg;
  const installation = await readContract(client, { address: city.kernel, abi: ModuleKernelAbi, functionName: 'installation', args: [manifest.name] });
  if (operation === 'install' && installation.installed) {
    throw new ModuleIncompatibleError(`${manifest.name} is already installed in this city (version ${installation.version}).`, {
      details: `Update it instead (dpan update ${manifest.name}), or uninstall it first.`,
    });
  }
  if (operation === 'update' && !installation.installed) {
    throw new ModuleIncompatibleError(`${manifest.name} is not installed in this city: there is nothing to update.`, {
      details: `Install it: dpan install ${manifest.name}@${manifest.version}`,
    });
  }
  if (operation === 'update' && installation.contentHash === pkg.contentHash) {
    throw new ModuleIncompatibleError(`${manifest.name}@${manifest.version} is already the installed version.`);
  }
  const planned: PlannedRateBounds[] = [];
  for (const [i, type] of pkg.catalog.taskTypes.entries()) {
    const [cityMin, cityMax] = await readContract(client, { address: city.issuance, abi: IssuanceControllerAbi, functionName: 'rateBounds', args: [toId(type.id)] });
    const min = BigInt(type.rate.min);
    const max = BigInt(type.rate.max);
    const own = cityMin === min && cityMax === max;
    if (!own && (min < cityMin || max > cityMax)) {
      throw new ModuleIncompatibleError(
        `${manifest.files.taskCatalog}#/taskTypes/${i}/rate: [${min}, ${max}] is outside the city's rate bounds [${cityMin}, ${cityMax}] for ${type.id}.`,
        { details: 'Fork the module with bounds inside the city\'s, or ask the rates committee to widen the city\'s bounds.' },
      );
    }
    planned.push({ taskType: type.id, min, max, already: own });
  }
  const offerings = pkg.offerings?.offerings ?? [];
  const known = new Set(offerings.map((o) => o.id));
  for (const id of Object.keys(redeemers)) {
    if (!known.has(id)) {
      throw new ModuleIncompatibleError(`The module has no offering "${id}".`, { details: `Offerings: ${[...known].join(', ') || 'none'}.` });
    }
  }
  const [minPrice, maxPrice] = await readContract(client, { address: city.credit, abi: CivicCreditAbi, functionName: 'priceBounds' });
  for (const [i, offering] of offerings.entries()) {
    const redeemer = redeemers[offering.id];
    if (redeemer === undefined) continue;
    const price = BigInt(offering.price);
    if (price < minPrice || price > maxPrice) {
      throw new ModuleIncompatibleError(
        `${manifest.files.offerings}#/offerings/${i}/price: ${price} is outside the city's price bounds [${minPrice}, ${maxPrice}].`,
      );
    }
    const roles = await readContract(client, { address: city.accreditation, abi: AccreditationAbi, functionName: 'rolesOf', args: [redeemer.account.address] });
    if ((roles & OrgRoles.REDEEMER) === 0) {
      throw new ModuleIncompatibleError(`${redeemer.account.address}, given for offering ${offering.id}, is not an accredited redeemer.`, {
        details: 'Accredit it first: dpan org accredit <address> --roles redeemer',
      });
    }
  }
  return planned;
}
