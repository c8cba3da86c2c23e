// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {EconomyBase} from "./EconomyBase.sol";
import {VoteToken} from "../../../token/VoteToken.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

contract VoteTokenTest is EconomyBase {
    bytes32 internal constant DELEGATION_TYPEHASH =
        keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)");

    address internal signer;
    uint256 internal signerKey;

    function setUp() public override {
        super.setUp();
        (signer, signerKey) = makeAddrAndKey("vote.signer");
    }

    function _delegate(address from, address to) internal {
        vm.prank(from);
        votes.delegate(to);
    }

    function _signDelegation(uint256 key, address delegatee, uint256 nonce, uint256 expiry)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(abi.encode(DELEGATION_TYPEHASH, delegatee, nonce, expiry));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", _domainSeparator(address(votes)), structHash));
        return vm.sign(key, digest);
    }

    function _pair(address a, address b) internal pure returns (address[] memory r) {
        r = new address[](2);
        r[0] = a;
        r[1] = b;
    }

    function _pair(uint256 a, uint256 b) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        r[0] = a;
        r[1] = b;
    }

    // ---------------------------------------------------------------- initialize / metadata / upgrade

    function test_initialize_setsMetadata() public view {
        assertEq(votes.name(), "Berkeley Civic Vote");
        assertEq(votes.symbol(), "vBRKY");
        assertEq(votes.decimals(), 0);
        assertEq(votes.ledger(), address(credit));
        assertEq(votes.authority(), address(manager));
        assertEq(votes.totalSupply(), 0);
    }

    function test_RevertIf_initializeCalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        votes.initialize(address(manager), stranger, "X", "X");
    }

    function test_RevertIf_implementationInitialized() public {
        VoteToken impl = new VoteToken();
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(address(manager), address(credit), "X", "X");
    }

    function test_eip712Domain_nameAndVersion() public view {
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address verifying,,) =
            votes.eip712Domain();
        assertEq(fields, hex"0f");
        assertEq(name, "Berkeley Civic Vote");
        assertEq(version, "1");
        assertEq(chainId, block.chainid);
        assertEq(verifying, address(votes));
    }

    function test_upgradeToAndCall_throughUpgradesCommittee() public {
        _mintCredits(alice, 9);
        _delegate(alice, alice);
        VoteToken next = new VoteToken();
        uint256 id = _schedule(5, address(votes), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(next), "")));
        vm.expectEmit(address(votes));
        emit IERC1967.Upgraded(address(next));
        committees[5].execute(id);
        assertEq(votes.getVotes(alice), 9);
        assertEq(votes.ledger(), address(credit));
    }

    function test_RevertIf_upgradeByStranger() public {
        VoteToken next = new VoteToken();
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        votes.upgradeToAndCall(address(next), "");
    }

    // ---------------------------------------------------------------- non-transferability

    function test_RevertIf_transfer() public {
        _mintCredits(alice, 10);
        vm.expectRevert(VoteToken.VoteTokenNonTransferable.selector);
        vm.prank(alice);
        votes.transfer(bob, 1);
    }

    function test_RevertIf_transferFrom() public {
        _mintCredits(alice, 10);
        vm.expectRevert(VoteToken.VoteTokenNonTransferable.selector);
        vm.prank(bob);
        votes.transferFrom(alice, bob, 1);
    }

    function test_RevertIf_approve() public {
        vm.expectRevert(VoteToken.VoteTokenNonTransferable.selector);
        vm.prank(alice);
        votes.approve(bob, 1);
    }

    function test_allowance_alwaysZero() public view {
        assertEq(votes.allowance(alice, bob), 0);
    }

    function testFuzz_RevertIf_anyTransferOrApproval(address from, address to, uint256 amount) public {
        vm.startPrank(from);
        vm.expectRevert(VoteToken.VoteTokenNonTransferable.selector);
        votes.transfer(to, amount);
        vm.expectRevert(VoteToken.VoteTokenNonTransferable.selector);
        votes.transferFrom(from, to, amount);
        vm.expectRevert(VoteToken.VoteTokenNonTransferable.selector);
        votes.approve(to, amount);
        vm.stopPrank();
        assertEq(votes.allowance(from, to), 0);
    }

    // ---------------------------------------------------------------- clock

    function test_clock_isTimestamp() public {
        assertEq(votes.clock(), block.timestamp);
        vm.warp(block.timestamp + 12345);
        assertEq(votes.clock(), block.timestamp);
        vm.roll(block.number + 100);
        assertEq(votes.clock(), block.timestamp);
    }

    function test_CLOCK_MODE_timestamp() public view {
        assertEq(votes.CLOCK_MODE(), "mode=timestamp");
    }

    function test_governor_usesTheTokenClock() public view {
        assertEq(address(governor.token()), address(votes));
        assertEq(governor.clock(), block.timestamp);
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
    }

    // ---------------------------------------------------------------- the mint mirror

    function test_onMint_mirrorsEveryCreditMint() public {
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), alice, 25);
        _mintCredits(alice, 25);
        assertEq(votes.balanceOf(alice), 25);
        assertEq(votes.balanceOf(alice), credit.mintedOf(alice));
        assertEq(votes.totalSupply(), 25);
    }

    function test_onMint_throughIssuance() public {
        _accreditAll();
        _offer(10, 100);
        _earn(alice, 25);
        assertEq(votes.balanceOf(alice), 25);
        assertEq(votes.totalSupply(), 25);
    }

    function test_onMintBatch_mirrorsBatchMint() public {
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), alice, 3);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), bob, 4);
        vm.prank(address(issuance));
        credit.mintBatch(_pair(alice, bob), _pair(3, 4));
        assertEq(votes.balanceOf(alice), 3);
        assertEq(votes.balanceOf(bob), 4);
        assertEq(votes.totalSupply(), 7);
    }

    function test_onMint_notBurnedByRedemption() public {
        _accredit(redeemer, OrgRoles.REDEEMER);
        uint256 offerId = _offer(5, 100);
        _mintCredits(alice, 50);
        vm.prank(alice);
        credit.redeem(offerId, 10, type(uint256).max);
        assertEq(credit.balanceOf(alice), 0);
        assertEq(votes.balanceOf(alice), 50);
        assertEq(votes.totalSupply(), 50);
        (uint256 minted,) = credit.totals();
        assertEq(votes.totalSupply(), minted);
    }

    function test_RevertIf_onMintByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(VoteToken.VoteTokenUnauthorizedLedger.selector, stranger));
        vm.prank(stranger);
        votes.onMint(alice, 1);
    }

    function test_RevertIf_onMintByIssuanceController() public {
        // Only the ledger: the controller minting votes directly would let votes and credits drift apart.
        vm.expectRevert(abi.encodeWithSelector(VoteToken.VoteTokenUnauthorizedLedger.selector, address(issuance)));
        vm.prank(address(issuance));
        votes.onMint(alice, 1);
    }

    function test_RevertIf_onMintBatchByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(VoteToken.VoteTokenUnauthorizedLedger.selector, stranger));
        vm.prank(stranger);
        votes.onMintBatch(_pair(alice, bob), _pair(1, 1));
    }

    function test_RevertIf_onMintBatchByIssuanceController() public {
        vm.expectRevert(abi.encodeWithSelector(VoteToken.VoteTokenUnauthorizedLedger.selector, address(issuance)));
        vm.prank(address(issuance));
        votes.onMintBatch(_pair(alice, bob), _pair(1, 1));
    }

    function testFuzz_mint_voteMintedEqualsCreditMinted(uint256 a, uint256 b, uint256 c, uint256 units) public {
        a = bound(a, 0, 1e15);
        b = bound(b, 0, 1e15);
        c = bound(c, 0, 1e15);
        _accredit(redeemer, OrgRoles.REDEEMER);
        uint256 offerId = _offer(1, type(uint32).max);
        _mintCredits(alice, a);
        vm.prank(address(issuance));
        credit.mintBatch(_pair(alice, bob), _pair(b, c));
        units = bound(units, 0, a + b);
        if (units > 0) {
            if (units > type(uint32).max) units = type(uint32).max;
            vm.prank(alice);
            credit.redeem(offerId, units, type(uint256).max);
        }
        (uint256 minted,) = credit.totals();
        assertEq(minted, a + b + c);
        assertEq(votes.totalSupply(), minted);
        assertEq(votes.balanceOf(alice), credit.mintedOf(alice));
        assertEq(votes.balanceOf(bob), credit.mintedOf(bob));
        assertEq(votes.balanceOf(alice), a + b);
        assertEq(votes.balanceOf(bob), c);
    }

    // ---------------------------------------------------------------- delegation

    function test_getVotes_zeroUntilDelegated() public {
        _mintCredits(alice, 25);
        assertEq(votes.balanceOf(alice), 25);
        assertEq(votes.getVotes(alice), 0);
        assertEq(votes.delegates(alice), address(0));
    }

    function test_delegate_self() public {
        _mintCredits(alice, 25);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateChanged(alice, address(0), alice);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateVotesChanged(alice, 0, 25);
        _delegate(alice, alice);
        assertEq(votes.delegates(alice), alice);
        assertEq(votes.getVotes(alice), 25);
    }

    function test_delegate_redelegateMovesVotes() public {
        _mintCredits(alice, 25);
        _delegate(alice, bob);
        assertEq(votes.getVotes(bob), 25);

        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateChanged(alice, bob, carol);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateVotesChanged(bob, 25, 0);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateVotesChanged(carol, 0, 25);
        _delegate(alice, carol);
        assertEq(votes.getVotes(bob), 0);
        assertEq(votes.getVotes(carol), 25);
        // Delegation moves voting power, never the balance.
        assertEq(votes.balanceOf(carol), 0);
    }

    function test_delegate_toZeroWithdrawsVotes() public {
        _mintCredits(alice, 25);
        _delegate(alice, alice);
        _delegate(alice, address(0));
        assertEq(votes.getVotes(alice), 0);
        assertEq(votes.delegates(alice), address(0));
    }

    function test_delegate_beforeMintThenMintMovesVotes() public {
        _delegate(alice, bob);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateVotesChanged(bob, 0, 10);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), alice, 10);
        _mintCredits(alice, 10);
        assertEq(votes.getVotes(bob), 10);
    }

    function test_delegate_sumsDelegators() public {
        _mintCredits(alice, 10);
        _mintCredits(bob, 15);
        _delegate(alice, carol);
        _delegate(bob, carol);
        _mintCredits(alice, 5);
        assertEq(votes.getVotes(carol), 30);
        assertEq(votes.totalSupply(), 30);
    }

    function test_delegate_votesSurviveRedemption() public {
        _accredit(redeemer, OrgRoles.REDEEMER);
        uint256 offerId = _offer(1, 100);
        _mintCredits(alice, 40);
        _delegate(alice, bob);
        vm.prank(alice);
        credit.redeem(offerId, 40, type(uint256).max);
        assertEq(votes.getVotes(bob), 40);
    }

    // ---------------------------------------------------------------- past votes

    function test_getPastVotes_followsCheckpoints() public {
        _delegate(alice, alice);
        uint256 t1 = block.timestamp;
        _mintCredits(alice, 10);
        vm.warp(t1 + 1 days);
        uint256 t2 = block.timestamp;
        _mintCredits(alice, 5);
        vm.warp(t2 + 1 days);
        uint256 t3 = block.timestamp;
        _delegate(alice, bob);
        vm.warp(t3 + 1);

        assertEq(votes.getPastVotes(alice, t1 - 1), 0);
        assertEq(votes.getPastVotes(alice, t1), 10);
        assertEq(votes.getPastVotes(alice, t2 - 1), 10);
        assertEq(votes.getPastVotes(alice, t2), 15);
        assertEq(votes.getPastVotes(alice, t3), 0);
        assertEq(votes.getPastVotes(bob, t3 - 1), 0);
        assertEq(votes.getPastVotes(bob, t3), 15);
    }

    function test_getPastTotalSupply_followsMints() public {
        uint256 t1 = block.timestamp;
        _mintCredits(alice, 10);
        vm.warp(t1 + 1 hours);
        uint256 t2 = block.timestamp;
        _mintCredits(bob, 7);
        vm.warp(t2 + 1 hours);

        assertEq(votes.getPastTotalSupply(t1 - 1), 0);
        assertEq(votes.getPastTotalSupply(t1), 10);
        assertEq(votes.getPastTotalSupply(t2), 17);
    }

    function test_getPastTotalSupply_unchangedByRedemption() public {
        _accredit(redeemer, OrgRoles.REDEEMER);
        uint256 offerId = _offer(1, 100);
        _mintCredits(alice, 10);
        vm.warp(block.timestamp + 1);
        vm.prank(alice);
        credit.redeem(offerId, 10, type(uint256).max);
        vm.warp(block.timestamp + 1);
        assertEq(votes.getPastTotalSupply(block.timestamp - 1), 10);
    }

    function test_RevertIf_getPastVotesFutureLookup() public {
        uint256 now_ = block.timestamp;
        vm.expectRevert(abi.encodeWithSelector(VotesUpgradeable.ERC5805FutureLookup.selector, now_, uint48(now_)));
        votes.getPastVotes(alice, now_);
    }

    function test_RevertIf_getPastTotalSupplyFutureLookup() public {
        uint256 later = block.timestamp + 1;
        vm.expectRevert(
            abi.encodeWithSelector(VotesUpgradeable.ERC5805FutureLookup.selector, later, uint48(block.timestamp))
        );
        votes.getPastTotalSupply(later);
    }

    // ---------------------------------------------------------------- delegateBySig

    function test_delegateBySig_delegatesForSigner() public {
        _mintCredits(signer, 12);
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 0, expiry);

        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateChanged(signer, address(0), bob);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IVotes.DelegateVotesChanged(bob, 0, 12);
        // Anyone may submit the signature; the delegator is the signer.
        vm.prank(stranger);
        votes.delegateBySig(bob, 0, expiry, v, r, s);

        assertEq(votes.delegates(signer), bob);
        assertEq(votes.delegates(stranger), address(0));
        assertEq(votes.getVotes(bob), 12);
        assertEq(votes.nonces(signer), 1);
    }

    function test_delegateBySig_atExpiry() public {
        uint256 expiry = block.timestamp;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 0, expiry);
        votes.delegateBySig(bob, 0, expiry, v, r, s);
        assertEq(votes.delegates(signer), bob);
    }

    function test_delegateBySig_consecutiveNonces() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 0, expiry);
        votes.delegateBySig(bob, 0, expiry, v, r, s);
        (v, r, s) = _signDelegation(signerKey, carol, 1, expiry);
        votes.delegateBySig(carol, 1, expiry, v, r, s);
        assertEq(votes.delegates(signer), carol);
        assertEq(votes.nonces(signer), 2);
    }

    function test_RevertIf_delegateBySigExpired() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 0, expiry);
        vm.warp(expiry + 1);
        vm.expectRevert(abi.encodeWithSelector(IVotes.VotesExpiredSignature.selector, expiry));
        votes.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function test_RevertIf_delegateBySigReplayed() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 0, expiry);
        votes.delegateBySig(bob, 0, expiry, v, r, s);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, signer, 1));
        votes.delegateBySig(bob, 0, expiry, v, r, s);
    }

    function test_RevertIf_delegateBySigFutureNonce() public {
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 1, expiry);
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, signer, 0));
        votes.delegateBySig(bob, 1, expiry, v, r, s);
    }

    function test_RevertIf_delegateBySigMalformed() public {
        vm.expectRevert(ECDSA.ECDSAInvalidSignature.selector);
        votes.delegateBySig(bob, 0, block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_delegateBySig_tamperedDelegateeDoesNotMoveSignersVotes() public {
        _mintCredits(signer, 12);
        uint256 expiry = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = _signDelegation(signerKey, bob, 0, expiry);
        // A different delegatee recovers a different (unrelated) signer; the real signer's choice is untouched.
        votes.delegateBySig(carol, 0, expiry, v, r, s);
        assertEq(votes.delegates(signer), address(0));
        assertEq(votes.nonces(signer), 0);
        assertEq(votes.getVotes(carol), 0);
    }
}
