// Web3 Secret Storage v3 keystores (what `cast wallet new` and geth write): read, check field by field, decrypt.
// The key derivation is deliberately slow (scrypt); the parameters are bounded so a hostile file cannot make it hang.
import { createDecipheriv, pbkdf2Sync, scryptSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { type Address, type Hex, type LocalAccount, bytesToHex, getAddress, isAddressEqual, keccak256 } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

import { KeystoreFormatError, KeystorePasswordError, KeystoreReadError } from './errors.js';

type ScryptParams = { kdf: 'scrypt'; n: number; r: number; p: number; dklen: number; salt: Buffer };
type Pbkdf2Params = { kdf: 'pbkdf2'; c: number; dklen: number; salt: Buffer };

/** A checked keystore: where it was read from, its address when it names one, and what decrypting it needs. */
export type Keystore = {
  path: string;
  /** The `address` field, when the file has one (cast's files do not; geth's do). */
  address?: Address | undefined;
  kdf: ScryptParams | Pbkdf2Params;
  iv: Buffer;
  ciphertext: Buffer;
  mac: Buffer;
};

export type ReadKeystoreErrorType = KeystoreReadError | KeystoreFormatError;
export type DecryptKeystoreErrorType = KeystorePasswordError | KeystoreFormatError;

const MAX_SCRYPT_N = 2 ** 20;
const MAX_PBKDF2_ROUNDS = 10_000_000;

/** Reads and checks a keystore file: {@link KeystoreReadError}, or {@link KeystoreFormatError} naming the field. */
export function readKeystore(path: string): Keystore {
  const file = resolve(path);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : String(code);
    throw new KeystoreReadError(file, `Cannot read the keystore ${file}: ${why}.`, {
      details: 'Pass the keystore file itself, e.g. ~/.foundry/keystores/<name> (cast wallet list shows them).',
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new KeystoreReadError(file, `The keystore ${file} is not JSON: ${(error as Error).message}.`, { cause: error });
  }
  return parseKeystore(json, file);
}

/** Checks the fields of a parsed keystore; `path` names the file in errors. */
export function parseKeystore(json: unknown, path: string): Keystore {
  const fail = (pointer: string, problem: string): never => {
    throw new KeystoreFormatError(path, pointer, problem);
  };
  const object = (value: unknown, pointer: string): Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(pointer, 'must be an object');
  const hex = (value: unknown, pointer: string, bytes?: number): Buffer => {
    const text = typeof value === 'string' ? value.replace(/^0x/, '') : undefined;
    if (text === undefined || !/^([0-9a-fA-F]{2})+$/.test(text)) return fail(pointer, 'must be a hex string');
    if (bytes !== undefined && text.length !== bytes * 2) return fail(pointer, `must be ${bytes} bytes of hex, got ${text.length / 2}`);
    return Buffer.from(text, 'hex');
  };
  const integer = (value: unknown, pointer: string, min: number, max: number): number =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? value
      : fail(pointer, `must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);

  const root = object(json, '');
  if (root['version'] !== 3) fail('/version', `must be 3 (Web3 Secret Storage v3), got ${JSON.stringify(root['version'])}`);
  // geth once wrote "Crypto"; both spellings are in use.
  const cryptoKey = 'crypto' in root ? 'crypto' : 'Crypto';
  const crypto = object(root[cryptoKey], `/${cryptoKey}`);
  const at = (field: string) => `/${cryptoKey}/${field}`;
  if (crypto['cipher'] !== 'aes-128-ctr') fail(at('cipher'), `must be "aes-128-ctr", got ${JSON.stringify(crypto['cipher'])}`);
  const iv = hex(object(crypto['cipherparams'], at('cipherparams'))['iv'], at('cipherparams/iv'), 16);
  const ciphertext = hex(crypto['ciphertext'], at('ciphertext'), 32);
  const mac = hex(crypto['mac'], at('mac'), 32);
  const params = object(crypto['kdfparams'], at('kdfparams'));
  const param = (name: string) => at(`kdfparams/${name}`);
  const dklen = integer(params['dklen'], param('dklen'), 32, 64);
  const salt = hex(params['salt'], param('salt'));
  let kdf: ScryptParams | Pbkdf2Params;
  if (crypto['kdf'] === 'scrypt') {
    const n = integer(params['n'], param('n'), 2, MAX_SCRYPT_N);
    if ((n & (n - 1)) !== 0) fail(param('n'), `must be a power of 2, got ${n}`);
    const r = integer(params['r'], param('r'), 1, 64);
    const p = integer(params['p'], param('p'), 1, 16);
    // RFC 7914 (and OpenSSL, which node:crypto uses) require n < 2^(16 r); every wallet in use writes r = 8.
    if (16 * r < 53 && n >= 2 ** (16 * r)) fail(param('n'), `must be below 2^(16 r) = ${2 ** (16 * r)} (RFC 7914) with r = ${r}`);
    kdf = { kdf: 'scrypt', n, r, p, dklen, salt };
  } else if (crypto['kdf'] === 'pbkdf2') {
    if (params['prf'] !== 'hmac-sha256') fail(param('prf'), `must be "hmac-sha256", got ${JSON.stringify(params['prf'])}`);
    kdf = { kdf: 'pbkdf2', c: integer(params['c'], param('c'), 1, MAX_PBKDF2_ROUNDS), dklen, salt };
  } else {
    return fail(at('kdf'), `must be "scrypt" or "pbkdf2", got ${JSON.stringify(crypto['kdf'])}`);
  }
  let address: Address | undefined;
  if (root['address'] !== undefined) {
    const value = typeof root['address'] === 'string' ? root['address'].replace(/^(0x)?/, '0x') : '';
    if (!/^0x[0-9a-fA-F]{40}$/.test(value)) fail('/address', 'must be a 20-byte hex address');
    address = getAddress(value);
  }
  return { path, address, kdf, iv, ciphertext, mac };
}

function deriveKey(kdf: ScryptParams | Pbkdf2Params, password: string): Buffer {
  if (kdf.kdf === 'pbkdf2') return pbkdf2Sync(password, kdf.salt, kdf.c, kdf.dklen, 'sha256');
  // scrypt needs 128 * n * r bytes; node's default cap (32 MiB) is below geth's standard parameters (256 MiB).
  const maxmem = 128 * kdf.n * kdf.r * (kdf.p + 1) + 2 ** 20;
  return scryptSync(password, kdf.salt, kdf.dklen, { N: kdf.n, r: kdf.r, p: kdf.p, maxmem });
}

/**
 * The private key in a keystore: derives the key from `password`, checks the MAC (keccak256 of the key's second
 * half and the ciphertext) and decrypts. {@link KeystorePasswordError} when the MAC does not match;
 * {@link KeystoreFormatError} (`/address`) when the key is not the one the file's address names.
 */
export function decryptKeystore(keystore: Keystore, password: string): Hex {
  const derived = deriveKey(keystore.kdf, password);
  const mac = keccak256(Buffer.concat([derived.subarray(16, 32), keystore.ciphertext]));
  if (mac !== bytesToHex(keystore.mac)) throw new KeystorePasswordError(keystore.path);
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), keystore.iv);
  const privateKey = bytesToHex(Buffer.concat([decipher.update(keystore.ciphertext), decipher.final()]));
  if (keystore.address !== undefined && !isAddressEqual(privateKeyToAccount(privateKey).address, keystore.address)) {
    throw new KeystoreFormatError(keystore.path, '/address', `the decrypted key is not the key of ${keystore.address}`);
  }
  return privateKey;
}

export type KeystoreAccountParameters = {
  /** The keystore file. */
  path: string;
  /** Its password (a password file's trailing newline already removed). */
  password: string;
};

/**
 * A viem account that signs with the key of a keystore file.
 *
 * @example
 * const account = keystoreAccount({ path: 'keys/library', password: readFileSync('keys/library.pw', 'utf8').trim() });
 * const wallet = createWalletClient({ account, chain, transport: http(rpcUrl) });
 */
export function keystoreAccount(parameters: KeystoreAccountParameters): LocalAccount {
  return privateKeyToAccount(decryptKeystore(readKeystore(parameters.path), parameters.password));
}
