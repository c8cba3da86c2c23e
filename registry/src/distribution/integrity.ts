import { type Hex, bytesToHex, hexToBytes } from 'viem';

import { CitySyncError } from '@citysync/sdk';

/** An integrity string that is not one sha512 digest (`sha512-<88 base64 chars>`). */
export class InvalidIntegrityError extends CitySyncError {
  override name = 'InvalidIntegrityError';
}

/** `sha512-<base64>` (npm's `dist.integrity`) as the 64 bytes the ModuleRegistry records. */
export function integrityToDigest(integrity: string): Hex {
  const match = /^sha512-([A-Za-z0-9+/]{86}==)$/.exec(integrity.trim());
  if (match?.[1] === undefined) throw new InvalidIntegrityError(`"${integrity}" is not a sha512 integrity string (sha512-<base64 of 64 bytes>).`);
  return bytesToHex(Buffer.from(match[1], 'base64'));
}

/** The 64 recorded bytes as npm's `sha512-<base64>`. */
export function digestToIntegrity(digest: Hex): string {
  const bytes = hexToBytes(digest);
  if (bytes.length !== 64) throw new InvalidIntegrityError(`A sha512 digest has 64 bytes, not ${bytes.length}.`);
  return `sha512-${Buffer.from(bytes).toString('base64')}`;
}
