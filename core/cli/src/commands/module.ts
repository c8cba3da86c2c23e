import type { Address, Hex } from 'viem';

import { installModule } from '@citysync/sdk/node';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { embeddedCommittees, parseOverrides, parseRedeemers } from '../embeddedCommittees.js';

export type InstallOptions = ChainOptions &
  SignerOptions &
  OutputOptions & {
    members?: string | undefined;
    redeemer?: string[] | undefined;
    set?: string[] | undefined;
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
  async (dir: string, options: InstallOptions): Promise<ModuleInstallResult> => {
    const overrides = parseOverrides(options.set ?? []);
    const sender = signerOf(options);
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
      [
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
