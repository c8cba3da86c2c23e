import type { Address, Hash } from 'viem';

import { redeem as redeemOffer } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { parseUint } from '../parse.js';

export type RedeemResult = { offerId: bigint; units: bigint; participant: Address; credits: bigint; period: number; hash: Hash };

/** `dpan redeem <offerId> --units n`: burns units x price credits of the account. */
export const redeem = defineCommand(
  async (offerIdArg: string, options: ChainOptions & SignerOptions & OutputOptions & { units: string }): Promise<RedeemResult> => {
    const offerId = parseUint(offerIdArg, '<offerId>');
    const units = parseUint(options.units, '--units');
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const { credits, period, hash } = await redeemOffer(walletOf(connection, account), { city, offerId, units });
    return { offerId, units, participant: account.address, credits, period, hash };
  },
  { render: (r) => `redeemed ${r.units} unit${r.units === 1n ? '' : 's'} of offer ${r.offerId}: ${r.credits} credits burned (period ${r.period})` },
);
