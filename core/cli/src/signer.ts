// Who signs a command's transactions: the key in an encrypted keystore (--keystore; its password from
// --password-file, DPAN_PASSWORD or a prompt on a terminal), a raw key (--private-key / DPAN_PRIVATE_KEY), or a dev
// account of anvil's mnemonic (--account, on the embedded chain only). A keystore is opened once per command, before
// anything is read from or sent to a chain, so a wrong password or a bad file changes nothing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { type Hex, type LocalAccount, isHex } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';

import { CliUsageError } from './errors.js';
import { parseSmallUint } from './parse.js';

/** anvil's dev mnemonic: the actors of a city on the embedded chain. */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export type SignerOptions = {
  /** Dev account index (commander's default '0'). */
  account: string;
  privateKey?: string | undefined;
  /** An encrypted keystore file (Web3 Secret Storage v3). */
  keystore?: string | undefined;
  /** A file whose first line is the keystore's password. */
  passwordFile?: string | undefined;
};


/** The environment variable holding a keystore's password. */
export const PASSWORD_ENV = 'DPAN_PASSWORD';

const opened = new WeakMap<object, LocalAccount>();
const devAccounts = new WeakSet<LocalAccount>();

/** Dev account `addressIndex` of {@link DEV_MNEMONIC}, marked so that a wallet on another chain refuses it. */
export function devAccount(addressIndex: number): LocalAccount {
  const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex });
  devAccounts.add(account);
  return account;
}

/** Whether `account` is a dev account of anvil's mnemonic (made by {@link devAccount}). */
export function isDevAccount(account: LocalAccount): boolean {
  return devAccounts.has(account);
}

/**
 * Opens `--keystore` when given: reads and checks the file, gets the password (--password-file, else
 * DPAN_PASSWORD, else a prompt when stdin is a terminal) and decrypts, so that {@link signerOf} returns its key.
 * Every command runs it before its implementation (defineCommand).
 */
export async function prepareSigner(options: object): Promise<void> {
  const { keystore, passwordFile } = options as Partial<SignerOptions>;
  if (passwordFile !== undefined && keystore === undefined) {
    throw new CliUsageError('--password-file is the password of a keystore: pass --keystore <file> with it.');
  }
  if (typeof keystore !== 'string' || opened.has(options)) return;
  const { decryptKeystore, readKeystore } = await import('@citysync/sdk/node');
  const file = readKeystore(keystore);
  const password = passwordOf(passwordFile, file.path) ?? (await promptPassword(file.path));
  opened.set(options, privateKeyToAccount(decryptKeystore(file, password)));
}

/** The signer of the options: the opened `--keystore`, else `--private-key`, else dev account `--account`. */
export function signerOf(options: SignerOptions): LocalAccount {
  if (options.keystore !== undefined) {
    const account = opened.get(options);
    if (account !== undefined) return account;
    throw new CliUsageError(`--keystore ${options.keystore} was not opened: a command opens it with prepareSigner(options) before it runs.`);
  }
  if (options.privateKey !== undefined) {
    const key = options.privateKey.startsWith('0x') ? options.privateKey : `0x${options.privateKey}`;
    if (!isHex(key) || key.length !== 66) throw new CliUsageError('--private-key must be 32 bytes of hex.');
    return privateKeyToAccount(key as Hex);
  }
  return devAccount(parseSmallUint(options.account, '--account', 2 ** 31 - 1));
}

/** The password from --password-file (its first line) or DPAN_PASSWORD; undefined when neither is given. */
function passwordOf(passwordFile: string | undefined, keystore: string): string | undefined {
  if (passwordFile !== undefined) {
    const path = resolve(passwordFile);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new CliUsageError(`--password-file: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, {
        details: `It holds the password of ${keystore} on its first line.`,
      });
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  return process.env[PASSWORD_ENV];
}

function noPassword(keystore: string): CliUsageError {
  return new CliUsageError(`--keystore ${keystore} needs its password, and there is no terminal to ask on.`, {
    details: `Pass --password-file <file> (the password on its first line) or set ${PASSWORD_ENV}.`,
  });
}

/** Reads a password from the terminal without echoing it (on stderr, so that --json output stays clean). */
async function promptPassword(keystore: string): Promise<string> {
  const { stdin, stderr } = process;
  if (!stdin.isTTY) throw noPassword(keystore);
  // Echo goes off before the prompt shows: a password typed as soon as the prompt appears is never echoed.
  stdin.setRawMode(true);
  stderr.write(`Password for ${keystore}: `);
  return await new Promise<string>((resolvePassword, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
      if (error === undefined) resolvePassword(value);
      else reject(error);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new CliUsageError('The password prompt was cancelled; nothing was sent.'));
        value = char === '\u007f' || char === '\b' ? value.slice(0, -1) : value + char;
      }
    };
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}
