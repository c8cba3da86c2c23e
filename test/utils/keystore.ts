// Keystores the way an institution makes one: the real `cast wallet new` (Foundry from npm), with its password in a
// file beside it for the `--password-file` of dpan. Each call makes a new random key.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Address } from 'viem';

import { foundryBinary } from '@citysync/contracts/foundry-tool';

export type CastKeystore = {
  /** The keystore file (`--keystore`). */
  file: string;
  /** A file holding its password on one line (`--password-file`). */
  passwordFile: string;
  password: string;
  address: Address;
};

/** Runs the platform `cast` binary; throws when `@foundry-rs/cast` is not installed. */
export function cast(...args: string[]): string {
  const { binary, reason } = foundryBinary('cast');
  if (binary === undefined) throw new Error(`cast is not installed: ${reason}`);
  return execFileSync(binary, args, { encoding: 'utf8' });
}

/** `cast wallet new <dir> <name>` with the password `<name> password`, and `<dir>/<name>.password` beside it. */
export function castKeystore(dir: string, name: string, password = `${name} password`): CastKeystore {
  mkdirSync(dir, { recursive: true });
  cast('wallet', 'new', dir, name, '--unsafe-password', password);
  const file = join(dir, name);
  const passwordFile = join(dir, `${name}.password`);
  writeFileSync(passwordFile, `${password}\n`);
  const address = cast('wallet', 'address', '--keystore', file, '--password', password).trim() as Address;
  return { file, passwordFile, password, address };
}
