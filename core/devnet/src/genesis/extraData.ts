import { type Address, type Hex, fromRlp, getAddress, isAddress, isHex, toRlp } from 'viem';

import { QbftExtraDataError } from './errors.js';

/** The 32-byte vanity that opens a BFT extraData; zero in a genesis. */
const VANITY: Hex = `0x${'00'.repeat(32)}`;

/**
 * QBFT (and IBFT 2.0) genesis extraData: RLP([32-byte vanity, [validators], vote, round, [seals]]). A genesis has no
 * vote (an empty list), round 0 (the empty byte string, RLP 0x80) and no seals (an empty list), as in Besu's docs.
 *
 * @example
 * encodeQbftExtraData(['0x64d9be4177f418bcf4e56adad85f33e3a64efe22']) // '0xf83aa0 00..00 d5 94 64d9.. c0 80 c0'
 */
export function encodeQbftExtraData(validators: readonly Address[]): Hex {
  return toRlp([VANITY, validators.map((validator) => getAddress(validator).toLowerCase() as Hex), [], '0x', []]);
}

/** The validators of a QBFT extraData; throws {@link QbftExtraDataError} when it is not one. */
export function decodeQbftExtraData(extraData: Hex): { vanity: Hex; validators: Address[]; round: Hex } {
  let decoded: unknown;
  try {
    decoded = fromRlp(extraData, 'hex');
  } catch (error) {
    throw new QbftExtraDataError('is not RLP', { cause: error });
  }
  if (!Array.isArray(decoded) || decoded.length !== 5) throw new QbftExtraDataError('is not a 5-item RLP list');
  const [vanity, validators, , round] = decoded as unknown[];
  if (typeof vanity !== 'string' || !isHex(vanity) || vanity.length !== 66) {
    throw new QbftExtraDataError('does not start with a 32-byte vanity');
  }
  if (
    !Array.isArray(validators) ||
    !validators.every((v): v is Hex => typeof v === 'string' && isAddress(v, { strict: false }))
  ) {
    throw new QbftExtraDataError('has no list of 20-byte validator addresses as its second item');
  }
  return {
    vanity,
    validators: validators.map((v) => getAddress(v)),
    round: typeof round === 'string' ? (round as Hex) : '0x',
  };
}
