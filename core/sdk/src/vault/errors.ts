import { type ValidationIssue, formatIssue } from '@citysync/schemas';

import { CitySyncError } from '../errors/base.js';

/** The city was deployed without a `vault` section, so it has no endowment to give to or read. */
export class VaultNotDeployedError extends CitySyncError {
  override name = 'VaultNotDeployedError';

  constructor() {
    super('This city has no vault (its deployment records no contracts.vault).', {
      details: 'Add a `vault` section to city.json (see examples/berkeley/city.json) and deploy the city again.',
    });
  }
}

/** A proposed split breaks the rules `YieldSplitter.setSplit` enforces: nothing was sent. */
export class VaultSplitInvalidError extends CitySyncError {
  override name = 'VaultSplitInvalidError';
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`The split has ${count}; nothing was proposed.`, { details: issues.map(formatIssue).join('\n') });
    this.issues = issues;
  }
}

/** `mintTestDollars` / `accrueTestYield` on a vault whose asset is real: only the test asset can be minted or made to yield. */
export class VaultNotTestAssetError extends CitySyncError {
  override name = 'VaultNotTestAssetError';

  constructor(what: string) {
    super(`${what} works only for the test asset ("asset": "test" in city.json); this vault's asset is real.`, {
      details: 'Real yield comes from the yield source itself; harvest it with `dpan vault harvest`.',
    });
  }
}
