import { type Hex, keccak256, toBytes } from 'viem';

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/**
 * A `bytes32` id as the contracts use them (module ids, task types, zones, schema hashes):
 * a 32-byte hex string is returned as is (lower-cased), anything else is hashed as UTF-8 text,
 * `keccak256(toBytes(name))`, the same as Solidity's `keccak256("name")`.
 *
 * @example toId('@citysync/dpan-general-economy') // module id of the general-economy dPAN
 */
export function toId(nameOrId: string): Hex {
  return BYTES32.test(nameOrId) ? (nameOrId.toLowerCase() as Hex) : keccak256(toBytes(nameOrId));
}
