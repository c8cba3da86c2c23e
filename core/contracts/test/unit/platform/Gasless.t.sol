// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {PlatformBase} from "./PlatformBase.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {RedemptionDesk} from "../../../redemption/RedemptionDesk.sol";
import {CityForwarder} from "../../../metatx/CityForwarder.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

/// @notice Participants sign EIP-712 ForwardRequests; accredited relayers submit them and pay the gas.
contract PlatformGaslessTest is PlatformBase {
    bytes32 internal constant FORWARD_REQUEST_TYPEHASH = keccak256(
        "ForwardRequest(address from,address to,uint256 value,uint256 gas,uint256 nonce,uint48 deadline,bytes data)"
    );
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    uint256 internal constant GAS = 500_000;

    address internal alice;
    uint256 internal aliceKey;
    address internal bob;
    uint256 internal bobKey;
    uint256 internal offerId;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        offerId = _bigOffer();
        (alice, aliceKey) = makeAddrAndKey("alice");
        (bob, bobKey) = makeAddrAndKey("bob");
    }

    // ---------------------------------------------------------------- helpers

    function _domainSeparator() internal view returns (bytes32) {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            forwarder.eip712Domain();
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256(bytes(version)), chainId, verifyingContract)
        );
    }

    function _digest(address from, address to, bytes memory data, uint48 deadline, uint256 nonce)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash =
            keccak256(abi.encode(FORWARD_REQUEST_TYPEHASH, from, to, 0, GAS, nonce, deadline, keccak256(data)));
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }

    /// @dev A request from `from` signed with `key` (normally `from`'s own) at `from`'s current nonce.
    function _request(uint256 key, address from, address to, bytes memory data, uint48 deadline)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory req)
    {
        req.from = from;
        req.to = to;
        req.gas = GAS;
        req.deadline = deadline;
        req.data = data;
        req.signature = _sign(key, _digest(from, to, data, deadline, forwarder.nonces(from)));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signed(uint256 key, address from, address to, bytes memory data)
        internal
        view
        returns (ERC2771Forwarder.ForwardRequestData memory)
    {
        return _request(key, from, to, data, uint48(block.timestamp + 1 hours));
    }

    function _relay(address by, ERC2771Forwarder.ForwardRequestData memory req) internal {
        vm.prank(by, by);
        forwarder.execute(req);
    }

    // ---------------------------------------------------------------- claim, submit, redeem

    function test_execute_claimAttributedToSigner() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));

        vm.expectEmit(address(board));
        emit TaskBoard.TaskClaimed(taskId, alice);
        vm.expectEmit(address(forwarder));
        emit ERC2771Forwarder.ExecutedForwardRequest(alice, 0, true);
        _relay(relayer, req);

        assertEq(board.claimOf(taskId, alice), CLAIMED);
        assertEq(board.claimOf(taskId, relayer), 0);
        assertEq(board.claimOf(taskId, address(forwarder)), 0);
        assertEq(forwarder.nonces(alice), 1);
        // The participant never holds or spends gas money.
        assertEq(alice.balance, 0);
    }

    function test_execute_submitCompletionAttributedToSigner() public {
        uint256 taskId = _publish(10, 2);
        _relay(relayer, _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId))));
        bytes32 evidence = _evidence(taskId, alice);
        ERC2771Forwarder.ForwardRequestData memory req = _signed(
            aliceKey, alice, address(board), abi.encodeCall(TaskBoard.submitCompletion, (taskId, evidence))
        );

        vm.expectEmit(address(board));
        emit TaskBoard.CompletionSubmitted(1, taskId, alice, evidence);
        _relay(relayer, req);

        assertEq(board.completion(1).participant, alice);
        assertEq(board.claimOf(taskId, alice), 1);
        assertEq(forwarder.nonces(alice), 2);

        vm.prank(issuer);
        board.verify(1);
        assertEq(credit.balanceOf(alice), 10);
        assertEq(alice.balance, 0);
    }

    function test_execute_redeemBurnsSignersCredits() public {
        _earn(alice, 50);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(credit), abi.encodeCall(RedemptionDesk.redeem, (offerId, 3, type(uint256).max)));

        vm.expectEmit(address(credit));
        emit RedemptionDesk.Redeemed(offerId, alice, _period(), 3, 30);
        _relay(redeemer, req);

        assertEq(credit.balanceOf(alice), 20);
        assertEq(votes.balanceOf(alice), 50);
        assertEq(credit.remainingCapacity(offerId), BIG_CAPACITY - 3);
        assertEq(credit.balanceOf(redeemer), 0);
    }

    function test_execute_issuerRelaysAndSignsVerify() public {
        (address signingIssuer, uint256 issuerKey) = makeAddrAndKey("issuer.signing");
        _accredit(signingIssuer, OrgRoles.ISSUER);
        vm.prank(signingIssuer);
        uint256 taskId = board.publishTask(_taskParams(15, 1, 0));
        uint256 completionId = _submit(taskId, bob);

        // The issuer's own verification can be relayed too; it is attributed to the issuer, not the relayer.
        _relay(relayer, _signed(issuerKey, signingIssuer, address(board), abi.encodeCall(TaskBoard.verify, (completionId))));
        assertEq(credit.balanceOf(bob), 15);
    }

    function test_execute_byAccreditedIssuer() public {
        uint256 taskId = _publish(10, 2);
        _relay(issuer, _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId))));
        assertEq(board.claimOf(taskId, alice), CLAIMED);
    }

    function test_execute_byAccreditedRedeemer() public {
        uint256 taskId = _publish(10, 2);
        _relay(redeemer, _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId))));
        assertEq(board.claimOf(taskId, alice), CLAIMED);
    }

    function test_claim_directCallSuffixNotTrusted() public {
        uint256 taskId = _publish(10, 2);
        // Only the forwarder's suffix is honoured: a direct caller cannot speak for someone else.
        vm.prank(stranger);
        (bool ok,) = address(board).call(abi.encodePacked(abi.encodeCall(TaskBoard.claim, (taskId)), alice));
        assertTrue(ok);
        assertEq(board.claimOf(taskId, stranger), CLAIMED);
        assertEq(board.claimOf(taskId, alice), 0);
    }

    // ---------------------------------------------------------------- refusals

    function test_RevertIf_execute_expired() public {
        uint256 taskId = _publish(10, 2);
        uint48 deadline = uint48(block.timestamp + 10 minutes);
        ERC2771Forwarder.ForwardRequestData memory req =
            _request(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)), deadline);
        vm.warp(deadline + 1);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderExpiredRequest.selector, deadline));
        forwarder.execute(req);
        assertEq(forwarder.nonces(alice), 0);
    }

    function test_execute_atDeadline() public {
        uint256 taskId = _publish(10, 2);
        uint48 deadline = uint48(block.timestamp + 10 minutes);
        ERC2771Forwarder.ForwardRequestData memory req =
            _request(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)), deadline);
        vm.warp(deadline);
        _relay(relayer, req);
        assertEq(board.claimOf(taskId, alice), CLAIMED);
    }

    function test_RevertIf_execute_replayed() public {
        uint256 taskId = _publish(10, 2);
        bytes memory data = abi.encodeCall(TaskBoard.claim, (taskId));
        ERC2771Forwarder.ForwardRequestData memory req = _signed(aliceKey, alice, address(board), data);
        _relay(relayer, req);

        // The nonce moved, so the same signature now recovers to an unrelated address.
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(aliceKey, _digest(alice, address(board), data, req.deadline, 0));
        bytes32 moved = _digest(alice, address(board), data, req.deadline, 1);
        address recovered = ecrecover(moved, v, r, s);
        assertTrue(recovered != alice);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, recovered, alice)
        );
        forwarder.execute(req);
        assertEq(board.task(taskId).claimed, 1);
    }

    function test_RevertIf_execute_signedByAnotherKey() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(bobKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderInvalidSigner.selector, bob, alice));
        forwarder.execute(req);
    }

    function test_RevertIf_execute_unaccreditedRelayer() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector, stranger));
        forwarder.execute(req);
    }

    function test_RevertIf_execute_signerRelaysOwnRequest() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector, alice));
        forwarder.execute(req);
    }

    function test_RevertIf_execute_relayerWithoutRelayingRole() public {
        // Auditors and verifiers are accredited, but for neither relaying role.
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(auditor);
        vm.expectRevert(abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector, auditor));
        forwarder.execute(req);
        vm.prank(verifiers[0]);
        vm.expectRevert(abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector, verifiers[0]));
        forwarder.execute(req);
    }

    function test_RevertIf_execute_relayerRevoked() public {
        uint256 taskId = _publish(10, 2);
        _revoke(relayer);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector, relayer));
        forwarder.execute(req);
    }

    function test_RevertIf_execute_targetDoesNotTrustForwarder() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(accreditation), abi.encodeWithSignature("rolesOf(address)", alice));
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC2771Forwarder.ERC2771UntrustfulTarget.selector, address(accreditation), address(forwarder)
            )
        );
        forwarder.execute(req);
    }

    function test_RevertIf_execute_innerCallReverts() public {
        // Claiming an unknown task fails inside the target; the nonce is not consumed.
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (99)));
        vm.prank(relayer);
        vm.expectRevert(Errors.FailedCall.selector);
        forwarder.execute(req);
        assertEq(forwarder.nonces(alice), 0);
    }

    function test_RevertIf_execute_valueMismatch() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.deal(relayer, 1 ether);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderMismatchedValue.selector, 0, 1));
        forwarder.execute{value: 1}(req);
    }

    function testFuzz_execute_expiredAnyTimeAfterDeadline(uint256 late) public {
        late = bound(late, 1, 365 days);
        uint256 taskId = _publish(10, 2);
        uint48 deadline = uint48(block.timestamp + 1 hours);
        ERC2771Forwarder.ForwardRequestData memory req =
            _request(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)), deadline);
        vm.warp(uint256(deadline) + late);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderExpiredRequest.selector, deadline));
        forwarder.execute(req);
    }

    // ---------------------------------------------------------------- executeBatch

    function test_executeBatch_claimSubmitForTwoSigners() public {
        uint256 taskId = _publish(10, 2);
        bytes32 evidence = _evidence(taskId, alice);
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](3);
        reqs[0] = _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        // Alice's second request is signed at her next nonce.
        bytes memory submit = abi.encodeCall(TaskBoard.submitCompletion, (taskId, evidence));
        uint48 deadline = uint48(block.timestamp + 1 hours);
        reqs[1] = ERC2771Forwarder.ForwardRequestData({
            from: alice,
            to: address(board),
            value: 0,
            gas: GAS,
            deadline: deadline,
            data: submit,
            signature: _sign(aliceKey, _digest(alice, address(board), submit, deadline, 1))
        });
        reqs[2] = _signed(bobKey, bob, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));

        vm.prank(relayer);
        forwarder.executeBatch(reqs, payable(address(0)));

        assertEq(board.claimOf(taskId, alice), 1);
        assertEq(board.claimOf(taskId, bob), CLAIMED);
        assertEq(forwarder.nonces(alice), 2);
        assertEq(forwarder.nonces(bob), 1);
    }

    function test_RevertIf_executeBatch_atomicWithExpiredRequest() public {
        uint256 taskId = _publish(10, 2);
        uint48 deadline = uint48(block.timestamp + 1 minutes);
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](2);
        reqs[0] = _signed(bobKey, bob, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        reqs[1] = _request(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)), deadline);
        vm.warp(deadline + 1);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSelector(ERC2771Forwarder.ERC2771ForwarderExpiredRequest.selector, deadline));
        forwarder.executeBatch(reqs, payable(address(0)));
        assertEq(board.claimOf(taskId, bob), 0);
    }

    function test_executeBatch_skipsInvalidWithRefundReceiver() public {
        uint256 taskId = _publish(10, 2);
        uint48 deadline = uint48(block.timestamp + 1 minutes);
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](2);
        reqs[0] = _signed(bobKey, bob, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        reqs[1] = _request(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)), deadline);
        vm.warp(deadline + 1);
        reqs[0] = _signed(bobKey, bob, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(relayer);
        forwarder.executeBatch(reqs, payable(relayer));
        assertEq(board.claimOf(taskId, bob), CLAIMED);
        assertEq(board.claimOf(taskId, alice), 0);
        assertEq(forwarder.nonces(alice), 0);
    }

    function test_RevertIf_executeBatch_unaccreditedRelayer() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData[] memory reqs = new ERC2771Forwarder.ForwardRequestData[](1);
        reqs[0] = _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(CityForwarder.CityForwarderUnauthorizedRelayer.selector, stranger));
        forwarder.executeBatch(reqs, payable(address(0)));
    }

    // ---------------------------------------------------------------- verify (view) and initialize

    function test_verify_trueUntilExecuted() public {
        uint256 taskId = _publish(10, 2);
        ERC2771Forwarder.ForwardRequestData memory req =
            _signed(aliceKey, alice, address(board), abi.encodeCall(TaskBoard.claim, (taskId)));
        assertTrue(forwarder.verify(req));
        _relay(relayer, req);
        assertFalse(forwarder.verify(req));
    }

    function test_accreditation_setByFactory() public view {
        assertEq(forwarder.accreditation(), address(accreditation));
        assertTrue(credit.isTrustedForwarder(address(forwarder)));
        assertTrue(board.isTrustedForwarder(address(forwarder)));
    }

    function test_RevertIf_initialize_again() public {
        vm.prank(address(factory));
        vm.expectRevert(CityForwarder.CityForwarderAlreadyInitialized.selector);
        forwarder.initialize(address(0xBEEF));
        assertEq(forwarder.accreditation(), address(accreditation));
    }

    function test_initialize_onceByDeployer() public {
        CityForwarder fresh = new CityForwarder("TEST Forwarder");
        vm.expectEmit(address(fresh));
        emit CityForwarder.AccreditationSet(address(accreditation));
        fresh.initialize(address(accreditation));
        assertEq(fresh.accreditation(), address(accreditation));

        vm.expectRevert(CityForwarder.CityForwarderAlreadyInitialized.selector);
        fresh.initialize(address(0xBEEF));
    }

    function test_RevertIf_initialize_notDeployer() public {
        CityForwarder fresh = new CityForwarder("TEST Forwarder");
        vm.prank(stranger);
        vm.expectRevert(CityForwarder.CityForwarderAlreadyInitialized.selector);
        fresh.initialize(address(accreditation));
        assertEq(fresh.accreditation(), address(0));
    }

    function test_eip712Domain_namedAfterTicker() public view {
        (, string memory name, string memory version, uint256 chainId, address verifyingContract,,) =
            forwarder.eip712Domain();
        assertEq(name, "BRKY Forwarder");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifyingContract, address(forwarder));
    }
}
