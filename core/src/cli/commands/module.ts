import { type Address, type Hex, isAddressEqual } from 'viem';
import { getBlock, increaseTime, mine, readContract } from 'viem/actions';

import { CommitteeAbi } from '../../generated/abis.js';
import { installModule } from '../../modules/installModule.js';
import type { CityWalletClient } from '../../types/client.js';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, devAccount, openCityOf, signerOf, testClientOf, walletOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { parseIndexList } from '../parse.js';

/** Dev accounts searched for committee members when --members is not given (anvil funds 0..19 by default). */
const DEV_ACCOUNTS = 20;

type InstallOptions = ChainOptions &
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

/** `--set key=value` overrides of the module's parameters. */
function parseOverrides(values: readonly string[]): Record<string, number> {
  const overrides: Record<string, number> = {};
  for (const item of values) {
    const match = /^([^=]+)=(.+)$/.exec(item);
    const value = Number(match?.[2]);
    if (match === null || !Number.isFinite(value)) throw new CliUsageError(`--set: "${item}" is not key=number, e.g. budget.perPeriod=20000.`);
    overrides[match[1] ?? ''] = value;
  }
  return overrides;
}

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
    if (!connection.embedded) {
      throw new CliUsageError('dpan module install runs on the embedded chain only, whose committee keys and clock the CLI controls.', {
        details: 'On another chain install with the SDK (installModule) from the committee members\' own signers.',
      });
    }
    const { city, publicClient } = connection;
    const indexes = options.members === undefined ? [...Array(DEV_ACCOUNTS).keys()] : parseIndexList(options.members, '--members');
    const devWallets = indexes.map((i) => walletOf(connection, devAccount(i)));
    const membersOf = async (committee: Address): Promise<CityWalletClient[]> => {
      const [members] = await readContract(publicClient, { address: committee, abi: CommitteeAbi, functionName: 'membership' });
      return devWallets.filter((w) => members.some((m) => isAddressEqual(m, w.account.address)));
    };
    const redeemers: Record<string, CityWalletClient> = {};
    for (const item of options.redeemer ?? []) {
      const match = /^([a-z0-9-]+)=(\d+)$/.exec(item);
      if (match === null) throw new CliUsageError(`--redeemer: "${item}" is not <offering>=<account index>, e.g. transit-ride=5.`);
      redeemers[match[1] ?? ''] = walletOf(connection, devAccount(Number(match[2])));
    }
    const clock = testClientOf(connection);
    const result = await installModule({
      dir,
      city,
      wallet: walletOf(connection, sender),
      committees: {
        modules: await membersOf(city.committees.modules),
        issuance: await membersOf(city.committees.issuance),
        rates: await membersOf(city.committees.rates),
      },
      redeemers,
      overrides,
      waitForDelay: async (readyAt) => {
        const now = (await getBlock(publicClient)).timestamp;
        if (BigInt(readyAt) > now) await increaseTime(clock, { seconds: readyAt - Number(now) });
        await mine(clock, { blocks: 1 });
      },
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
