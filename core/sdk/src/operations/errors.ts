import type { Address } from 'viem';

import { CitySyncError, type CitySyncErrorOptions } from '../errors/base.js';

/** No proposal on the city's committees carries this operation id. */
export class OperationNotFoundError extends CitySyncError {
  override name = 'OperationNotFoundError';

  constructor(operation: string, options: CitySyncErrorOptions = {}) {
    super(`No operation ${operation} is recorded in this city's committees.`, {
      details: 'dpan pending lists the open operations, read from the chain.',
      ...options,
    });
  }
}

/** The signer is a member of none of the committees an operation needs: it can neither propose nor approve it. */
export class OperationNotMemberError extends CitySyncError {
  override name = 'OperationNotMemberError';
  readonly account: Address;

  constructor(account: Address, committees: readonly { name: string; members: readonly Address[] }[]) {
    super(`${account} is not a member of any committee this operation needs (${committees.map((c) => c.name).join(', ')}): nothing was sent.`, {
      details: committees.map((c) => `${c.name}: ${c.members.join(', ')}`).join('\n'),
    });
    this.account = account;
  }
}

/** A proposal of the operation was withdrawn by a member or cancelled by a guardian: the operation stops there. */
export class OperationCancelledError extends CitySyncError {
  override name = 'OperationCancelledError';
  readonly reason: string;

  constructor(operation: string, reason: string) {
    super(`Operation ${operation} is cancelled: ${reason}.`, {
      details: 'Nothing more of it will run. Propose it again if the city still wants it.',
    });
    this.reason = reason;
  }
}
