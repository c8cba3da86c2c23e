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
        "CityAlreadyDeployedError",
        "CityChainMismatchError",
        "CityChainNotFoundError",
        "CityConfigNotFoundError",
        "CityContractsMissingError",
        "CityNotDeployedError",
        "CitySyncError",
        "ContractRevertError",
        "DeployCityError",
        "EmbeddedChainRunningError",
        "EmbeddedChainStopError",
        "EventNotFoundError",
        "EvidenceMismatchError",
        "HealthParameterError",
        "IndexerDatabaseMismatchError",
        "IndexerError",
        "IndexerInputError",
        "IndexerReorgError",
        "IndexerRpcError",
        "ManagerRoles",
        "OrgRoles",
        "RelayerRequestRejectedError",
        "SchemaValidationError",
        "TransactionRevertedError",
        "accredit",
        "applyHealthActions",
        "approveCompletion",
        "approveProposal",
        "cancelProposal",
        "canonicalJson",
        "castVote",
        "checkCityDeployment",
        "cityDeployParameters",
        "cityErrorAbi",
        "claimTask",
        "closeOffer",
        "closeTask",
        "committeeNames",
        "completeTask",
        "computeHealth",
        "createOffer",
        "createRelayer",
        "decodeContractRevert",
        "decodeRevertData",
        "delegateVotes",
        "deployCity",
        "deployCityFromConfig",
        "deploymentPath",
        "embeddedChainDir",
        "embeddedChainStatus",
        "executeProposal",
        "executeResidentProposal",
        "formatHealthTable",
        "forwardRequestTypes",
        "getBalances",
        "getCompletion",
        "getFreePort",
        "getOffer",
        "getProposal",
        "getResidentProposal",
        "getTask",
        "hashEvidence",
        "indexCity",
        "isContractRevert",
        "loadCity",
        "openCity",
        "planHealthActions",
        "proposeToCommittee",
        "proposeToResidents",
        "publishTask",
        "readDeployment",
        "readHealthParameters",
        "readPeriodClock",
        "redeem",
        "rejectCompletion",
        "relayForwardRequest",
        "residentProposalStates",
        "resolveAnvilCommand",
        "revokeAccreditation",
        "signForwardRequest",
        "startAnvil",
        "startEmbeddedChain",
        "stopEmbeddedChain",
        "submitCompletion",
        "toId",
        "updateOffer",
        "verifyBatch",
        "verifyCompletion",
        "verifyEvidence",
        "voteSupport",
        "writeDeployment",
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
