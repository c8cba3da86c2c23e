import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import pacote from 'pacote';

import { RegistryRequestError } from '../errors.js';

export type ExtractTarballParameters = {
  tarball: Buffer;
  /** The directory to unpack into (created; the package's files land directly in it, without `package/`). */
  dest: string;
  /** The integrity the bytes must have; pacote refuses to unpack others. */
  integrity: string;
};

/**
 * Unpacks a module tarball with pacote (npm's own extraction: no paths outside `dest`, no links out, no install
 * scripts run), after checking its bytes against `integrity`.
 */
export async function extractTarball(parameters: ExtractTarballParameters): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'dpan-tarball-'));
  try {
    const file = join(scratch, 'module.tgz');
    writeFileSync(file, parameters.tarball);
    await pacote.extract(`file:${file}`, resolve(parameters.dest), { integrity: parameters.integrity, ignoreScripts: true } as pacote.Options);
  } catch (error) {
    throw new RegistryRequestError(`Could not unpack the module into ${parameters.dest}.`, { cause: error });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
