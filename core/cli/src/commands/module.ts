import type { Address, Hex } from 'viem';

import { readModuleDirectory } from '@citysync/module-kit';
import { proposeInstallOperation, resolveModuleParameters } from '@citysync/sdk';
import { installModule } from '@citysync/sdk/node';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { embeddedCommittees, parseOverrides, parseRedeemers } from '../embeddedCommittees.js';
import { CliUsageError } from '../errors.js';
import { type ProposedOperation, proposedOf, renderProposed } from './operation.js';

export type InstallOptions = ChainOptions &
  SignerOptions &
  OutputOptions & {
    members?: string | undefined;
    redeemer?: string[] | undefined;
    set?: string[] | undefined;
    propose?: boolean | undefined;
  };

export type ModuleInstallResult = {
  name: string;
  version: string;
  contentHash: Hex;
  module: Address;
  preparationId: bigint;
  budgetPerPeriod: bigint;
  /** Whether the task board now checks every task published under the module against the module's rules. */
  taskPolicy: boolean;
  rateBounds: { taskType: string; min: bigint; max: bigint }[];
  offers: { offering: string; offerId: bigint; redeemer: Address }[];
  offersSkipped: string[];
};

/**
 * `dpan module install <dir>`: installs a module package from a directory into the city, through the kernel
 * (prepare, modules committee approval, apply) and the committees that configure it (issuance: the budget line;
 * rates: the catalog's rate bounds), then opens the standing offerings named with --redeemer. Embedded chain only:
 * the committee members sign as the city's dev accounts and the clock is moved past each delay.
 */
export const install = defineCommand(
  async (dir: string, options: InstallOptions): Promise<ModuleInstallResult | ProposedOperation> => {
    const overrides = parseOverrides(options.set ?? []);
    const sender = signerOf(options);
    if (options.propose === true) return await proposeFromDirectory(dir, options, overrides);
    const connection = await openCityOf(options);
    const committees = embeddedCommittees(connection, options.members, 'dpan module install');
    const { city } = connection;
    const redeemers = parseRedeemers(connection, options.redeemer ?? []);
    const result = await installModule({
      dir,
      city,
      wallet: walletOf(connection, sender),
      committees: {
        modules: await committees.membersOf(city.committees.modules),
        issuance: await committees.membersOf(city.committees.issuance),
        rates: await committees.membersOf(city.committees.rates),
      },
      redeemers,
      overrides,
      waitForDelay: committees.waitForDelay,
    });
    return {
      name: result.name,
      version: result.version,
      contentHash: result.contentHash,
      module: result.module,
      preparationId: result.preparationId,
      budgetPerPeriod: result.budget.perPeriod,
      taskPolicy: result.taskPolicy !== undefined,
      rateBounds: result.rateBounds.map(({ taskType, min, max }) => ({ taskType, min, max })),
      offers: result.offers,
      offersSkipped: result.offersSkipped,
    };
  },
  {
    render: (r) =>
      'operation' in r
        ? renderProposed(r)
        : [
        `installed ${r.name}@${r.version} at ${r.module} (preparation ${r.preparationId}, content hash ${r.contentHash})`,
        `budget line: ${r.budgetPerPeriod} credits per period`,
        `task types: ${r.rateBounds.map((b) => `${b.taskType} [${b.min}, ${b.max}]`).join(', ')}`,
        ...r.offers.map((o) => `offer ${o.offering}: ${o.offerId} (redeemer ${o.redeemer})`),
        ...(r.offersSkipped.length > 0
          ? [`not opened (no --redeemer): ${r.offersSkipped.join(', ')}; open with: dpan offer create --price ... --capacity ... --account <redeemer>`]
          : []),
        r.taskPolicy
          ? `task policy: the task board refuses any task published under ${r.name} that breaks its rules (catalog, rates, verification, windows)`
          : `issuers publish its tasks with module ${r.name}; it registered no task policy`,
      ].join('\n'),
  },
);

/**
 * `--propose`: every check, the kernel's prepare and the proposer's own committees' proposals, as one operation the
 * other members approve from their machines (dpan approve) and anyone carries out (dpan apply).
 */
async function proposeFromDirectory(dir: string, options: InstallOptions, overrides: Record<string, number>): Promise<ProposedOperation> {
  if (options.members !== undefined || (options.redeemer ?? []).length > 0) {
    throw new CliUsageError('--propose signs as the proposer only: --members and --redeemer do not apply.', {
      details: 'Members approve with dpan approve <operation>; redeemers open the standing offers once it is applied (dpan offer create).',
    });
  }
  const pkg = readModuleDirectory(dir);
  const values = resolveModuleParameters(pkg.parameters, overrides, { file: pkg.manifest.files.parameters });
  const connection = await openCityOf(options);
  const result = await proposeInstallOperation(walletOf(connection, signerOf(options)), { city: connection.city, module: pkg, parameters: values });
  return proposedOf(result);
}
