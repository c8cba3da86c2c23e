import type { Address, Hash } from 'viem';

import { quoteRedemption, redeem as redeemOffer } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { parseUint } from '../parse.js';

export type RedeemResult = {
  offerId: bigint;
  units: bigint;
  participant: Address;
  credits: bigint;
  /** The most the redemption was allowed to burn: --max-credits, or units x the price read before sending. */
  maxCredits: bigint;
  period: number;
  hash: Hash;
};

/** `dpan redeem <offerId> --units n [--max-credits c]`: burns units x price credits of the account, never more than c. */
export const redeem = defineCommand(
  async (
    offerIdArg: string,
    options: ChainOptions & SignerOptions & OutputOptions & { units: string; maxCredits?: string | undefined },
  ): Promise<RedeemResult> => {
    const offerId = parseUint(offerIdArg, '<offerId>');
    const units = parseUint(options.units, '--units');
    const given = options.maxCredits === undefined ? undefined : parseUint(options.maxCredits, '--max-credits');
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const wallet = walletOf(connection, account);
    // The default limit is the price seen now: a price raised before the transaction lands makes it fail, not burn more.
    const maxCredits = given ?? (await quoteRedemption(wallet, { city, offerId, units }));
    const { credits, period, hash } = await redeemOffer(wallet, { city, offerId, units, maxCredits });
    return { offerId, units, participant: account.address, credits, maxCredits, period, hash };
  },
  {
    render: (r) =>
      `redeemed ${r.units} unit${r.units === 1n ? '' : 's'} of offer ${r.offerId}: ${r.credits} credits burned (limit ${r.maxCredits}, period ${r.period})`,
  },
);
