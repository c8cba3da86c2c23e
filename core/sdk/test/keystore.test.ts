// Keystores as Foundry writes them (the real `cast wallet new`), the pbkdf2 vector of the Web3 Secret Storage
// definition, and every way a keystore can be refused: wrong password, unreadable file, a field named by pointer.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { foundryBinary } from '@citysync/contracts/foundry-tool';
import {
  KeystoreFormatError,
  KeystorePasswordError,
  KeystoreReadError,
  decryptKeystore,
  keystoreAccount,
  readKeystore,
} from '../src/node.js';

const scratch = mkdtempSync(join(tmpdir(), 'sdk-keystore-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function cast(...args: string[]): string {
  const { binary, reason } = foundryBinary('cast');
  if (binary === undefined) throw new Error(`cast is not installed: ${reason}`);
  return execFileSync(binary, args, { encoding: 'utf8' });
}

/** The Web3 Secret Storage definition's pbkdf2 test vector (password "testpassword"). */
const PBKDF2_VECTOR = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};

describe('keystores', () => {
  const password = 'correct horse battery staple';
  let file: string;
  let address: string;

  beforeAll(() => {
    const dir = join(scratch, 'keys');
    mkdirSync(dir);
    cast('wallet', 'new', dir, 'library', '--unsafe-password', password);
    file = join(dir, 'library');
    address = cast('wallet', 'address', '--keystore', file, '--password', password).trim();
  });

  it("decrypts a keystore cast wrote to the key cast reads from it", () => {
    expect(keystoreAccount({ path: file, password }).address).toBe(address);
    expect(readKeystore(file).kdf).toMatchObject({ kdf: 'scrypt', n: 8192, r: 8, p: 1, dklen: 32 });
  });

  it('decrypts the pbkdf2 test vector, and checks an address field against the key', () => {
    const path = join(scratch, 'vector.json');
    writeFileSync(path, JSON.stringify(PBKDF2_VECTOR));
    expect(decryptKeystore(readKeystore(path), 'testpassword')).toBe('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
    const wrongAddress = join(scratch, 'wrong-address.json');
    writeFileSync(wrongAddress, JSON.stringify({ ...PBKDF2_VECTOR, address: address.slice(2) }));
    expect(() => decryptKeystore(readKeystore(wrongAddress), 'testpassword')).toThrow(
      `${wrongAddress}#/address: the decrypted key is not the key of ${address}`,
    );
  });

  it('refuses a wrong password by the MAC', () => {
    const error = captured(() => keystoreAccount({ path: file, password: `${password} ` }));
    expect(error).toBeInstanceOf(KeystorePasswordError);
    expect((error as KeystorePasswordError).shortMessage).toBe(`Wrong password for the keystore ${file} (its MAC does not match).`);
  });

  it('refuses a missing file, a directory and a file that is not JSON', () => {
    const missing = join(scratch, 'nope');
    expect(captured(() => readKeystore(missing))).toMatchObject({ name: 'KeystoreReadError', shortMessage: `Cannot read the keystore ${missing}: no such file.` });
    expect(captured(() => readKeystore(scratch))).toMatchObject({ shortMessage: `Cannot read the keystore ${scratch}: it is a directory.` });
    const text = join(scratch, 'text');
    writeFileSync(text, 'not a keystore');
    const error = captured(() => readKeystore(text));
    expect(error).toBeInstanceOf(KeystoreReadError);
    expect((error as KeystoreReadError).shortMessage).toMatch(new RegExp(`^The keystore ${text} is not JSON: `));
  });

  it.each([
    ['/version', (k: Keystore) => ({ ...k, version: 1 }), 'must be 3 (Web3 Secret Storage v3), got 1'],
    ['/crypto/cipher', (k: Keystore) => ({ ...k, crypto: { ...k.crypto, cipher: 'aes-256-gcm' } }), 'must be "aes-128-ctr", got "aes-256-gcm"'],
    ['/crypto/kdf', (k: Keystore) => ({ ...k, crypto: { ...k.crypto, kdf: 'argon2' } }), 'must be "scrypt" or "pbkdf2", got "argon2"'],
    ['/crypto/mac', (k: Keystore) => ({ ...k, crypto: { ...k.crypto, mac: 'zz' } }), 'must be a hex string'],
    ['/crypto/cipherparams/iv', (k: Keystore) => ({ ...k, crypto: { ...k.crypto, cipherparams: { iv: 'abcd' } } }), 'must be 16 bytes of hex, got 2'],
    [
      '/crypto/kdfparams/n',
      (k: Keystore) => ({ ...k, crypto: { ...k.crypto, kdfparams: { ...k.crypto.kdfparams, n: 2 ** 30 } } }),
      'must be a whole number from 2 to 1048576, got 1073741824',
    ],
    ['/crypto/kdfparams/n', (k: Keystore) => ({ ...k, crypto: { ...k.crypto, kdfparams: { ...k.crypto.kdfparams, n: 1000 } } }), 'must be a power of 2, got 1000'],
  ])('names the field %s of a keystore it cannot use', (pointer, edit, problem) => {
    const path = join(scratch, `bad-${pointer.replaceAll('/', '_')}-${problem.length}.json`);
    writeFileSync(path, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Keystore)));
    const error = captured(() => readKeystore(path));
    expect(error).toBeInstanceOf(KeystoreFormatError);
    expect(error).toMatchObject({ pointer, shortMessage: `${path}#${pointer}: ${problem}` });
  });
});

type Keystore = { version: number; crypto: Record<string, unknown> & { kdfparams: Record<string, unknown> } };

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
