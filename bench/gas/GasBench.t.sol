// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {EAS} from "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol";
import {
    AttestationRequest,
    AttestationRequestData
} from "@ethereum-attestation-service/eas-contracts/contracts/IEAS.sol";
import {SchemaRegistry} from "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol";
import {ISchemaRegistry} from "@ethereum-attestation-service/eas-contracts/contracts/ISchemaRegistry.sol";
import {ISchemaResolver} from "@ethereum-attestation-service/eas-contracts/contracts/resolver/ISchemaResolver.sol";

import {Attestation} from "@ethereum-attestation-service/eas-contracts/contracts/Common.sol";
import {Vm} from "forge-std/Vm.sol";

import {FullTxGas} from "./FullTxGas.sol";
import {AnchorBurnToken, AnchorVotesToken} from "./AnchorTokens.sol";

/// @title GasBench
/// @notice `npm run bench:gas`: full-transaction gas of the project's operations and of the stock
///         anchors they are compared with, measured the same way (see FullTxGas) in one forge run.
///
/// Steady-state conditions of the anchors (set up in setUp, before the measured transaction, which lands
/// in a later block):
///  - anchor_erc20VotesMint: `AnchorVotesToken.mint(citizen, 1e18)` sent by the token owner (`issuer`).
///    The token already has supply, and `citizen` already holds tokens and has self-delegated, so the
///    mint updates two nonzero balances/supply slots and appends one new voting checkpoint for the
///    citizen and one for the total supply (a new block), as every later mint to an active holder does.
///  - anchor_easAttest: `EAS.attest` by `issuer` on the registered schema "uint256 value" (no resolver,
///    revocable) to `citizen`, no expiration, no refUID, data = abi.encode(uint256(1e18)), value 0.
///    The real SchemaRegistry and EAS of the npm package eas-contracts 1.9.0; EAS already
///    holds an earlier attestation on the schema.
///  - anchor_erc20Burn: `AnchorBurnToken.burn(1e18)` sent by `citizen`, who holds 50e18 and keeps a
///    balance afterwards (no storage is cleared, so no refund), with other holders' supply outstanding.
///
/// `node scripts/bench-gas.mjs --verify-anvil` rebuilds this setUp on anvil to check the figures against
/// receipts: keep its mirror (verifyOnAnvil) in step when changing the anchors' setup.
///
/// Adding a project operation is one line in a test of this contract, after its own setup, e.g.
///     _recordTx("project_verifyMint", address(verifier), abi.encodeCall(Verifier.verifyAndMint, (...)));
///     _recordBatchTx("project_verifyBatch50_perCompletion", address(verifier), abi.encodeCall(...), 50);
contract GasBench is FullTxGas {
    /// @dev Amount of the measured mint, burn and attestation value (1 whole token, 18 decimals).
    uint256 internal constant AMOUNT = 1e18;
    /// @dev Balances held before the measured calls (only zero vs nonzero matters for gas).
    uint256 internal constant SETUP_BALANCE = 100e18;
    string internal constant EAS_SCHEMA = "uint256 value";

    /// @dev The credit issuer: token owner/minter and EAS attester (the party that verifies and mints).
    address internal issuer = makeAddr("bench.issuer");
    /// @dev The citizen: self-delegated token holder, attestation recipient and burner.
    address internal citizen = makeAddr("bench.citizen");
    /// @dev Another holder, so that the token's supply is not all the citizen's.
    address internal otherHolder = makeAddr("bench.otherHolder");

    AnchorVotesToken internal votesToken;
    AnchorBurnToken internal burnToken;
    SchemaRegistry internal schemaRegistry;
    EAS internal eas;
    bytes32 internal easSchemaUid;

    function setUp() public {
        // ERC20Votes: existing supply, the citizen already holds tokens and has self-delegated.
        votesToken = new AnchorVotesToken(issuer);
        vm.prank(citizen);
        votesToken.delegate(citizen);
        vm.startPrank(issuer);
        votesToken.mint(citizen, SETUP_BALANCE);
        votesToken.mint(otherHolder, SETUP_BALANCE);
        vm.stopPrank();

        // ERC20Burnable: the citizen and another holder hold balances.
        burnToken = new AnchorBurnToken(citizen, SETUP_BALANCE);
        vm.prank(citizen);
        burnToken.transfer(otherHolder, SETUP_BALANCE / 2);

        // EAS: real registry + EAS, schema "uint256 value" with no resolver, revocable; one earlier attestation.
        schemaRegistry = new SchemaRegistry();
        eas = new EAS(ISchemaRegistry(address(schemaRegistry)));
        easSchemaUid = schemaRegistry.register(EAS_SCHEMA, ISchemaResolver(address(0)), true);
        vm.prank(issuer);
        eas.attest(_attestationRequest(otherHolder));
    }

    function test_gas_anchor_erc20VotesMint() public {
        uint256 votesBefore = votesToken.getVotes(citizen);
        uint32 checkpointsBefore = votesToken.numCheckpoints(citizen);
        _recordTx(
            "anchor_erc20VotesMint", issuer, address(votesToken), abi.encodeCall(votesToken.mint, (citizen, AMOUNT))
        );
        // The measured path is the steady-state one: the mint moved the citizen's votes in a new checkpoint.
        assertEq(votesToken.getVotes(citizen), votesBefore + AMOUNT);
        assertEq(votesToken.numCheckpoints(citizen), checkpointsBefore + 1);
    }

    function test_gas_anchor_easAttest() public {
        vm.recordLogs();
        _recordTx("anchor_easAttest", issuer, address(eas), abi.encodeCall(eas.attest, (_attestationRequest(citizen))));
        // Attested(recipient, attester, uid, schemaUID): the attestation was stored as requested.
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 1);
        Attestation memory stored = eas.getAttestation(abi.decode(logs[0].data, (bytes32)));
        assertEq(stored.recipient, citizen);
        assertEq(stored.attester, issuer);
        assertEq(stored.schema, easSchemaUid);
        assertEq(abi.decode(stored.data, (uint256)), AMOUNT);
    }

    function test_gas_anchor_erc20Burn() public {
        uint256 balanceBefore = burnToken.balanceOf(citizen);
        _recordTx("anchor_erc20Burn", citizen, address(burnToken), abi.encodeCall(burnToken.burn, (AMOUNT)));
        assertEq(burnToken.balanceOf(citizen), balanceBefore - AMOUNT);
    }

    function _attestationRequest(address recipient) internal view returns (AttestationRequest memory) {
        return AttestationRequest({
            schema: easSchemaUid,
            data: AttestationRequestData({
                recipient: recipient,
                expirationTime: 0,
                revocable: true,
                refUID: bytes32(0),
                data: abi.encode(uint256(AMOUNT)),
                value: 0
            })
        });
    }
}
