// On the embedded chain the CLI signs for the committees with the city's dev accounts and moves the clock past each
// delay; on any other chain committees sign with their own keys (the SDK), so these helpers refuse it.
import { type Address, isAddressEqual } from 'viem';
import { getBlock, increaseTime, mine, readContract } from 'viem/actions';

import { CommitteeAbi } from '@citysync/contracts';
import type { WaitForDelay } from '@citysync/sdk';
import type { CityWalletClient } from '@citysync/sdk';
import { type OpenedCity, devAccount, testClientOf, walletOf } from './context.js';
import { CliUsageError } from './errors.js';
import { parseIndexList } from './parse.js';

/** Dev accounts searched for committee members when --members is not given (anvil funds 0..19 by default). */
const DEV_ACCOUNTS = 20;

export type EmbeddedCommittees = {
  /** The dev-account wallets among `committee`'s members. */
  membersOf(committee: Address): Promise<CityWalletClient[]>;
  /** Moves the embedded chain's clock to `readyAt` and mines a block. */
  waitForDelay: WaitForDelay;
};

/** Committee signers and clock of the embedded chain; `what` names the command in the refusal on another chain. */
export function embeddedCommittees(connection: OpenedCity, members: string | undefined, what: string): EmbeddedCommittees {
  if (!connection.embedded) {
    throw new CliUsageError(`${what} signs for every committee member and moves the clock: on the embedded chain only, not on ${connection.rpcUrl}.`, {
      details:
        `On another chain propose it (${what} --propose --keystore <file>), each member approves from their own machine ` +
        '(dpan approve <operation> --keystore <file>), and anyone applies it once the delay has passed (dpan apply <operation>).',
    });
  }
  const indexes = members === undefined ? [...Array(DEV_ACCOUNTS).keys()] : parseIndexList(members, '--members');
  const devWallets = indexes.map((i) => walletOf(connection, devAccount(i)));
  const clock = testClientOf(connection);
  return {
    membersOf: async (committee) => {
      const [list] = await readContract(connection.publicClient, { address: committee, abi: CommitteeAbi, functionName: 'membership' });
      return devWallets.filter((w) => list.some((m) => isAddressEqual(m, w.account.address)));
    },
    waitForDelay: async (readyAt) => {
      const now = (await getBlock(connection.publicClient)).timestamp;
      if (BigInt(readyAt) > now) await increaseTime(clock, { seconds: readyAt - Number(now) });
      await mine(clock, { blocks: 1 });
    },
  };
}

/** `--redeemer <offering>=<account index>` options. */
export function parseRedeemers(connection: OpenedCity, items: readonly string[]): Record<string, CityWalletClient> {
  const redeemers: Record<string, CityWalletClient> = {};
  for (const item of items) {
    const match = /^([a-z0-9-]+)=(\d+)$/.exec(item);
    if (match === null) throw new CliUsageError(`--redeemer: "${item}" is not <offering>=<account index>, e.g. transit-ride=5.`);
    redeemers[match[1] ?? ''] = walletOf(connection, devAccount(Number(match[2])));
  }
  return redeemers;
}

/** `--set key=value` overrides of a module's parameters. */
export function parseOverrides(values: readonly string[]): Record<string, number> {
  const overrides: Record<string, number> = {};
  for (const item of values) {
    const match = /^([^=]+)=(.+)$/.exec(item);
    const value = Number(match?.[2]);
    if (match === null || !Number.isFinite(value)) throw new CliUsageError(`--set: "${item}" is not key=number, e.g. budget.perPeriod=20000.`);
    overrides[match[1] ?? ''] = value;
  }
  return overrides;
}
