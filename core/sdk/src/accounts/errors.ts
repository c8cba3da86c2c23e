import { CitySyncError, type CitySyncErrorOptions } from '../errors/base.js';

/** The keystore file cannot be read (missing, a directory, no permission) or is not JSON. */
export class KeystoreReadError extends CitySyncError {
  override name = 'KeystoreReadError';
  readonly path: string;

  constructor(path: string, shortMessage: string, options: CitySyncErrorOptions = {}) {
    super(shortMessage, options);
    this.path = path;
  }
}

/** The keystore is JSON but not a Web3 Secret Storage v3 file this SDK decrypts; `pointer` names the field. */
export class KeystoreFormatError extends CitySyncError {
  override name = 'KeystoreFormatError';
  readonly path: string;
  readonly pointer: string;

  constructor(path: string, pointer: string, problem: string) {
    super(`${path}#${pointer}: ${problem}`, {
      details:
        'A keystore is a Web3 Secret Storage v3 file (scrypt or pbkdf2, aes-128-ctr), as `cast wallet new <dir>` or ' +
        '`cast wallet import <name> --interactive` writes it.',
    });
    this.path = path;
    this.pointer = pointer;
  }
}

/** The password does not open the keystore: the MAC over the derived key and the ciphertext does not match. */
export class KeystorePasswordError extends CitySyncError {
  override name = 'KeystorePasswordError';
  readonly path: string;

  constructor(path: string) {
    super(`Wrong password for the keystore ${path} (its MAC does not match).`, {
      details: 'Check the password file (one line; a trailing newline is ignored) or DPAN_PASSWORD.',
    });
    this.path = path;
  }
}
