import { CitySyncError } from '../errors/base.js';

/**
 * A valid evidence document does not describe the completion being submitted: another task, or another
 * participant than the account submitting it. The message reads `file#/pointer: ...`, like a schema issue.
 */
export class EvidenceMismatchError extends CitySyncError {
  override name = 'EvidenceMismatchError';
  /** JSON pointer of the mismatching field (`/taskId` or `/participant`). */
  readonly pointer: string;

  constructor(file: string, pointer: string, message: string) {
    super(`${file}#${pointer}: ${message}`);
    this.pointer = pointer;
  }
}
