import { describe, expect, it } from 'vitest';

import * as generated from '../../src/generated/abis.js';
import * as core from '../../src/index.js';

describe('@citysync/core public API', () => {
  it('exports exactly these hand-written names (update on purpose)', () => {
    const generatedNames = new Set(Object.keys(generated));
    const handWritten = Object.keys(core)
      .filter((name) => !generatedNames.has(name))
      .sort();
    expect(handWritten).toMatchInlineSnapshot(`
      [
        "AnvilStartError",
        "CitySyncError",
        "ContractRevertError",
        "DeployCityError",
        "EventNotFoundError",
        "ManagerRoles",
        "OrgRoles",
        "TransactionRevertedError",
        "accredit",
        "approveProposal",
        "cityErrorAbi",
        "claimTask",
        "committeeNames",
        "createOffer",
        "decodeContractRevert",
        "decodeRevertData",
        "deployCity",
        "executeProposal",
        "forwardRequestTypes",
        "getBalances",
        "getFreePort",
        "isContractRevert",
        "proposeToCommittee",
        "publishTask",
        "redeem",
        "relayForwardRequest",
        "resolveAnvilCommand",
        "signForwardRequest",
        "startAnvil",
        "submitCompletion",
        "toId",
        "verifyBatch",
        "verifyCompletion",
      ]
    `);
  });

  it('re-exports every generated ABI and bytecode (the list is guarded by abis.test.ts)', () => {
    const names = Object.keys(generated).sort();
    for (const name of names) {
      expect(name).toMatch(/^[A-Za-z_$][\w$]*(Abi|Bytecode)$/);
      expect((core as Record<string, unknown>)[name]).toBe((generated as Record<string, unknown>)[name]);
    }
  });
});
