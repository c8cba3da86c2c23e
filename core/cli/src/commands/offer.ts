import { type Address, type Hash, type Hex, keccak256, toBytes, zeroHash } from 'viem';

import { createOffer } from '@citysync/sdk';
import { type OutputOptions, defineCommand } from '../command.js';
import { type ChainOptions, type SignerOptions, openCityOf, signerOf, walletOf } from '../context.js';
import { CliUsageError } from '../errors.js';
import { parseTime, parseUint } from '../parse.js';

type CreateOptions = ChainOptions &
  SignerOptions &
  OutputOptions & { price: string; capacity: string; start?: string | undefined; end?: string | undefined; metadata?: string | undefined };

export type CreateOfferResult = {
  offerId: bigint;
  redeemer: Address;
  price: bigint;
  capacity: bigint;
  window?: { start: bigint; end: bigint } | undefined;
  metadataHash: Hex;
  hash: Hash;
};

/** `dpan offer create`: a redemption offer as an accredited redeemer. */
export const create = defineCommand(
  async (options: CreateOptions): Promise<CreateOfferResult> => {
    const price = parseUint(options.price, '--price');
    const capacity = parseUint(options.capacity, '--capacity');
    if ((options.start === undefined) !== (options.end === undefined)) {
      throw new CliUsageError('A time-limited offer needs both --start and --end (omit both for a standing offer).');
    }
    const window =
      options.start !== undefined && options.end !== undefined
        ? { start: parseTime(options.start, '--start'), end: parseTime(options.end, '--end') }
        : undefined;
    const metadataHash = options.metadata === undefined ? zeroHash : keccak256(toBytes(options.metadata));
    const account = signerOf(options);
    const connection = await openCityOf(options);
    const { city } = connection;
    const { offerId, hash } = await createOffer(walletOf(connection, account), { city, price, capacity, window, metadataHash });
    return { offerId, redeemer: account.address, price, capacity, window, metadataHash, hash };
  },
  {
    render: (r) =>
      `opened offer ${r.offerId}: ${r.capacity} units per period at ${r.price} credits each\n` +
      `participants redeem with: dpan redeem ${r.offerId} --units 1 --account <index>`,
  },
);
