// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IERC1967} from "@openzeppelin/contracts/interfaces/IERC1967.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {EconomyBase} from "./EconomyBase.sol";
import {CivicCredit} from "../../../token/CivicCredit.sol";
import {RedemptionDesk} from "../../../redemption/RedemptionDesk.sol";
import {OrgRoles} from "../../../libraries/Roles.sol";

contract CivicCreditTest is EconomyBase {
    uint256 internal constant ISSUANCE_COMMITTEE = 1;
    uint256 internal constant RATES_COMMITTEE = 2;
    uint256 internal constant UPGRADES_COMMITTEE = 5;

    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        t0 = block.timestamp;
    }

    function _mintBatch(address[] memory to, uint256[] memory amounts) internal {
        vm.prank(address(issuance));
        credit.mintBatch(to, amounts);
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

    // ---------------------------------------------------------------- initialize / wiring / upgrade

    function test_initialize_setsParameters() public view {
        assertEq(credit.authority(), address(manager));
        assertEq(credit.periodLength(), PERIOD);
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        assertEq(minPrice, 1);
        assertEq(maxPrice, 500);
        assertEq(credit.offerCount(), 0);
        assertEq(credit.trustedForwarder(), address(forwarder));
        assertTrue(credit.isTrustedForwarder(address(forwarder)));
    }

    function _initData(uint256 periodLength, uint256 minPrice, uint256 maxPrice) internal view returns (bytes memory) {
        return abi.encodeCall(
            CivicCredit.initialize,
            (address(manager), "Oakland Civic Credit", "OAK", address(accreditation), periodLength, minPrice, maxPrice)
        );
    }

    function test_initialize_emitsClockAndBounds() public {
        CivicCredit impl = new CivicCredit(address(forwarder));
        vm.expectEmit(true, true, true, true);
        emit CivicCredit.PeriodClockSet(0, block.timestamp, 1 days);
        vm.expectEmit(true, true, true, true);
        emit RedemptionDesk.PriceBoundsSet(2, 20);
        CivicCredit fresh = CivicCredit(address(new ERC1967Proxy(address(impl), _initData(1 days, 2, 20))));
        assertEq(fresh.name(), "Oakland Civic Credit");
        assertEq(fresh.symbol(), "OAK");
        assertEq(fresh.currentPeriod(), 0);
        (address minter, address sink) = fresh.issuer();
        assertEq(minter, address(0));
        assertEq(sink, address(0));
    }

    function test_RevertIf_initializeZeroPeriodLength() public {
        CivicCredit impl = new CivicCredit(address(forwarder));
        bytes memory init = _initData(0, 1, 10);
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditInvalidPeriodLength.selector, 0));
        new ERC1967Proxy(address(impl), init);
    }

    function test_RevertIf_initializeInvalidPriceBounds() public {
        CivicCredit impl = new CivicCredit(address(forwarder));
        bytes memory init = _initData(PERIOD, 0, 10);
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidBounds.selector, 0, 10));
        new ERC1967Proxy(address(impl), init);
    }

    function test_RevertIf_implementationInitialized() public {
        CivicCredit impl = new CivicCredit(address(forwarder));
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        impl.initialize(address(manager), "X", "X", address(accreditation), PERIOD, 1, 2);
    }

    function test_RevertIf_initializeCalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        credit.initialize(address(manager), "X", "X", address(accreditation), PERIOD, 1, 2);
    }

    function test_issuer_isControllerAndVoteToken() public view {
        (address minter, address sink) = credit.issuer();
        assertEq(minter, address(issuance));
        assertEq(sink, address(votes));
    }

    function test_setIssuer_throughUpgradesCommittee() public {
        address newIssuer = makeAddr("newIssuer");
        address newVotes = makeAddr("newVotes");
        uint256 id = _schedule(
            UPGRADES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setIssuer, (newIssuer, newVotes))
        );
        vm.expectEmit(address(credit));
        emit CivicCredit.IssuerSet(newIssuer, newVotes);
        committees[UPGRADES_COMMITTEE].execute(id);
        (address minter, address sink) = credit.issuer();
        assertEq(minter, newIssuer);
        assertEq(sink, newVotes);
    }

    function test_RevertIf_setIssuerByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        credit.setIssuer(stranger, stranger);
    }

    function test_upgradeToAndCall_throughUpgradesCommittee() public {
        _mintCredits(alice, 7);
        CivicCredit next = new CivicCredit(address(forwarder));
        uint256 id = _schedule(
            UPGRADES_COMMITTEE, address(credit), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (address(next), ""))
        );
        vm.expectEmit(address(credit));
        emit IERC1967.Upgraded(address(next));
        committees[UPGRADES_COMMITTEE].execute(id);
        assertEq(credit.balanceOf(alice), 7);
        assertEq(credit.symbol(), "BRKY");
    }

    function test_RevertIf_upgradeByStranger() public {
        CivicCredit next = new CivicCredit(address(forwarder));
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        credit.upgradeToAndCall(address(next), "");
    }

    // ---------------------------------------------------------------- ERC-20 reads

    function test_name_fromFactory() public view {
        assertEq(credit.name(), "Berkeley Civic Credit");
    }

    function test_symbol_fromFactory() public view {
        assertEq(credit.symbol(), "BRKY");
    }

    function test_decimals_zero() public view {
        assertEq(credit.decimals(), 0);
    }

    function test_allowance_alwaysZero() public {
        _mintCredits(alice, 10);
        assertEq(credit.allowance(alice, bob), 0);
        assertEq(credit.allowance(alice, alice), 0);
    }

    function test_balanceOf_zeroForUnknown() public view {
        assertEq(credit.balanceOf(alice), 0);
        assertEq(credit.mintedOf(alice), 0);
        assertEq(credit.totalSupply(), 0);
    }

    // ---------------------------------------------------------------- non-transferability

    function test_RevertIf_transfer() public {
        _mintCredits(alice, 10);
        vm.expectRevert(CivicCredit.CivicCreditNonTransferable.selector);
        vm.prank(alice);
        credit.transfer(bob, 1);
    }

    function test_RevertIf_transferFrom() public {
        _mintCredits(alice, 10);
        vm.expectRevert(CivicCredit.CivicCreditNonTransferable.selector);
        vm.prank(alice);
        credit.transferFrom(alice, bob, 1);
    }

    function test_RevertIf_approve() public {
        vm.expectRevert(CivicCredit.CivicCreditNonTransferable.selector);
        vm.prank(alice);
        credit.approve(bob, 1);
    }

    function testFuzz_RevertIf_anyTransferOrApproval(address from, address to, uint256 amount) public {
        vm.startPrank(from);
        vm.expectRevert(CivicCredit.CivicCreditNonTransferable.selector);
        credit.transfer(to, amount);
        vm.expectRevert(CivicCredit.CivicCreditNonTransferable.selector);
        credit.transferFrom(from, to, amount);
        vm.expectRevert(CivicCredit.CivicCreditNonTransferable.selector);
        credit.approve(to, amount);
        vm.stopPrank();
        assertEq(credit.allowance(from, to), 0);
    }

    // ---------------------------------------------------------------- mint

    function test_mint_creditsBalanceSupplyAndVotes() public {
        vm.expectEmit(true, true, true, true, address(credit));
        emit IERC20.Transfer(address(0), alice, 25);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), alice, 25);
        _mintCredits(alice, 25);

        assertEq(credit.balanceOf(alice), 25);
        assertEq(credit.mintedOf(alice), 25);
        assertEq(credit.totalSupply(), 25);
        (uint256 minted, uint256 burned) = credit.totals();
        assertEq(minted, 25);
        assertEq(burned, 0);
        assertEq(votes.balanceOf(alice), 25);
    }

    function test_mint_accumulates() public {
        _mintCredits(alice, 25);
        _mintCredits(alice, 5);
        _mintCredits(bob, 3);
        assertEq(credit.balanceOf(alice), 30);
        assertEq(credit.mintedOf(alice), 30);
        assertEq(credit.totalSupply(), 33);
    }

    function test_mint_upToSupplyLimit() public {
        _mintCredits(alice, type(uint80).max);
        assertEq(credit.totalSupply(), type(uint80).max);
        assertEq(votes.totalSupply(), type(uint80).max);
    }

    function test_RevertIf_mintByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditUnauthorizedMinter.selector, stranger));
        vm.prank(stranger);
        credit.mint(alice, 1);
    }

    function test_RevertIf_mintByTaskBoard() public {
        // The board asks the controller; only the controller, which enforces cap and budget, reaches the ledger.
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditUnauthorizedMinter.selector, address(board)));
        vm.prank(address(board));
        credit.mint(alice, 1);
    }

    function test_RevertIf_mintToZeroAddress() public {
        vm.expectRevert(CivicCredit.CivicCreditZeroRecipient.selector);
        _mintCredits(address(0), 1);
    }

    function test_RevertIf_mintOverflowsSupply() public {
        vm.expectRevert(CivicCredit.CivicCreditSupplyOverflow.selector);
        _mintCredits(alice, uint256(type(uint80).max) + 1);
    }

    function test_RevertIf_mintOverflowsSupplyCumulatively() public {
        _mintCredits(alice, type(uint80).max);
        vm.expectRevert(CivicCredit.CivicCreditSupplyOverflow.selector);
        _mintCredits(bob, 1);
    }

    // ---------------------------------------------------------------- mintBatch

    function test_mintBatch_creditsEveryRecipient() public {
        vm.expectEmit(true, true, true, true, address(credit));
        emit IERC20.Transfer(address(0), alice, 10);
        vm.expectEmit(true, true, true, true, address(credit));
        emit IERC20.Transfer(address(0), bob, 20);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), alice, 10);
        vm.expectEmit(true, true, true, true, address(votes));
        emit IERC20.Transfer(address(0), bob, 20);
        _mintBatch(_pair(alice, bob), _pair(10, 20));

        assertEq(credit.balanceOf(alice), 10);
        assertEq(credit.balanceOf(bob), 20);
        assertEq(credit.totalSupply(), 30);
        (uint256 minted,) = credit.totals();
        assertEq(minted, 30);
        assertEq(votes.balanceOf(bob), 20);
        assertEq(votes.totalSupply(), 30);
    }

    function test_mintBatch_duplicateRecipientsAccumulate() public {
        _mintBatch(_pair(alice, alice), _pair(4, 6));
        assertEq(credit.balanceOf(alice), 10);
        assertEq(votes.balanceOf(alice), 10);
        assertEq(votes.totalSupply(), 10);
    }

    function test_mintBatch_empty() public {
        _mintBatch(new address[](0), new uint256[](0));
        assertEq(credit.totalSupply(), 0);
    }

    function test_RevertIf_mintBatchByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditUnauthorizedMinter.selector, stranger));
        vm.prank(stranger);
        credit.mintBatch(_pair(alice, bob), _pair(1, 1));
    }

    function test_RevertIf_mintBatchLengthMismatch() public {
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 1;
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditLengthMismatch.selector, 2, 1));
        _mintBatch(_pair(alice, bob), amounts);
    }

    function test_RevertIf_mintBatchZeroRecipient() public {
        vm.expectRevert(CivicCredit.CivicCreditZeroRecipient.selector);
        _mintBatch(_pair(alice, address(0)), _pair(1, 1));
    }

    function test_RevertIf_mintBatchOverflowsSupply() public {
        vm.expectRevert(CivicCredit.CivicCreditSupplyOverflow.selector);
        _mintBatch(_pair(alice, bob), _pair(type(uint80).max, 1));
    }

    // ---------------------------------------------------------------- totals

    function test_totals_trackMintedAndBurned() public {
        _accredit(redeemer, OrgRoles.REDEEMER);
        uint256 offerId = _offer(10, 100);
        _mintCredits(alice, 50);
        _mintCredits(bob, 30);
        vm.prank(alice);
        credit.redeem(offerId, 3, type(uint256).max);

        (uint256 minted, uint256 burned) = credit.totals();
        assertEq(minted, 80);
        assertEq(burned, 30);
        assertEq(credit.totalSupply(), minted - burned);
        assertEq(credit.balanceOf(alice), 20);
        // Lifetime minted (the voting units) is untouched by the burn.
        assertEq(credit.mintedOf(alice), 50);
    }

    // ---------------------------------------------------------------- period clock

    function test_currentPeriod_startsAtZero() public view {
        assertEq(credit.currentPeriod(), 0);
        (uint32 period, uint64 start, uint64 end) = credit.currentPeriodBounds();
        assertEq(period, 0);
        assertEq(start, t0);
        assertEq(end, t0 + PERIOD);
    }

    function test_currentPeriod_advancesEveryPeriod() public {
        vm.warp(t0 + PERIOD - 1);
        assertEq(credit.currentPeriod(), 0);
        vm.warp(t0 + PERIOD);
        assertEq(credit.currentPeriod(), 1);
        (uint32 period, uint64 start, uint64 end) = credit.currentPeriodBounds();
        assertEq(period, 1);
        assertEq(start, t0 + PERIOD);
        assertEq(end, t0 + 2 * PERIOD);
        vm.warp(t0 + 5 * PERIOD + 3);
        assertEq(credit.currentPeriod(), 5);
    }

    function testFuzz_currentPeriod_matchesElapsed(uint256 elapsed) public {
        elapsed = bound(elapsed, 0, 1000 * PERIOD);
        vm.warp(t0 + elapsed);
        uint256 expected = elapsed / PERIOD;
        assertEq(credit.currentPeriod(), expected);
        (uint32 period, uint64 start, uint64 end) = credit.currentPeriodBounds();
        assertEq(period, expected);
        assertEq(start, t0 + expected * PERIOD);
        assertEq(end, start + PERIOD);
        assertLe(start, block.timestamp);
        assertGt(end, block.timestamp);
    }

    function test_setPeriodLength_endsCurrentPeriod() public {
        uint256 newLength = 30 days;
        uint256 id =
            _schedule(ISSUANCE_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (newLength)));
        assertEq(credit.currentPeriod(), 0);
        vm.expectEmit(address(credit));
        emit CivicCredit.PeriodClockSet(1, block.timestamp, newLength);
        committees[ISSUANCE_COMMITTEE].execute(id);

        assertEq(credit.periodLength(), newLength);
        (uint32 period, uint64 start, uint64 end) = credit.currentPeriodBounds();
        assertEq(period, 1);
        assertEq(start, block.timestamp);
        assertEq(end, block.timestamp + newLength);
        vm.warp(block.timestamp + newLength - 1);
        assertEq(credit.currentPeriod(), 1);
        vm.warp(block.timestamp + 1);
        assertEq(credit.currentPeriod(), 2);
    }

    function test_setPeriodLength_shorterLengthNeverGoesBack() public {
        vm.warp(t0 + 3 * PERIOD + 2 days); // period 3; the committee delay keeps it there
        _committeeCall(ISSUANCE_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (1 hours)));
        assertEq(credit.currentPeriod(), 4);
        vm.warp(block.timestamp + 1 hours);
        assertEq(credit.currentPeriod(), 5);
    }

    function testFuzz_setPeriodLength_indexesOnlyIncrease(uint256 length, uint256 before, uint256 afterwards) public {
        length = bound(length, 1, type(uint32).max);
        before = bound(before, 0, 50 * PERIOD);
        afterwards = bound(afterwards, 0, 50 * PERIOD);
        vm.warp(t0 + before);
        uint256 id =
            _schedule(ISSUANCE_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (length)));
        uint32 old = credit.currentPeriod();
        committees[ISSUANCE_COMMITTEE].execute(id);
        assertEq(credit.currentPeriod(), old + 1);
        vm.warp(block.timestamp + afterwards);
        assertEq(credit.currentPeriod(), old + 1 + afterwards / length);
    }

    function test_RevertIf_setPeriodLengthZero() public {
        uint256 id = _schedule(ISSUANCE_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (0)));
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditInvalidPeriodLength.selector, 0));
        committees[ISSUANCE_COMMITTEE].execute(id);
    }

    function test_RevertIf_setPeriodLengthAboveUint32() public {
        uint256 length = uint256(type(uint32).max) + 1;
        uint256 id =
            _schedule(ISSUANCE_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPeriodLength, (length)));
        vm.expectRevert(abi.encodeWithSelector(CivicCredit.CivicCreditInvalidPeriodLength.selector, length));
        committees[ISSUANCE_COMMITTEE].execute(id);
    }

    function test_RevertIf_setPeriodLengthByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        credit.setPeriodLength(1 days);
    }

    function test_RevertIf_setPeriodLengthByGovernor() public {
        // Residents may move the coverage ratio, not the clock.
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, address(governor)));
        vm.prank(address(governor));
        credit.setPeriodLength(1 days);
    }

    // ---------------------------------------------------------------- price bounds

    function test_setPriceBounds_throughRatesCommittee() public {
        uint256 id = _schedule(RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (5, 50)));
        vm.expectEmit(address(credit));
        emit RedemptionDesk.PriceBoundsSet(5, 50);
        committees[RATES_COMMITTEE].execute(id);
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        assertEq(minPrice, 5);
        assertEq(maxPrice, 50);
    }

    function test_setPriceBounds_singlePrice() public {
        _committeeCall(RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (7, 7)));
        (uint256 minPrice, uint256 maxPrice) = credit.priceBounds();
        assertEq(minPrice, 7);
        assertEq(maxPrice, 7);
    }

    function test_setPriceBounds_upToUint40() public {
        _committeeCall(
            RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (1, type(uint40).max))
        );
        (, uint256 maxPrice) = credit.priceBounds();
        assertEq(maxPrice, type(uint40).max);
    }

    function _expectInvalidPriceBounds(uint256 minPrice, uint256 maxPrice) internal {
        uint256 id = _schedule(
            RATES_COMMITTEE, address(credit), abi.encodeCall(CivicCredit.setPriceBounds, (minPrice, maxPrice))
        );
        vm.expectRevert(abi.encodeWithSelector(RedemptionDesk.RedemptionDeskInvalidBounds.selector, minPrice, maxPrice));
        committees[RATES_COMMITTEE].execute(id);
    }

    function test_RevertIf_setPriceBoundsMinZero() public {
        _expectInvalidPriceBounds(0, 10);
    }

    function test_RevertIf_setPriceBoundsMinAboveMax() public {
        _expectInvalidPriceBounds(11, 10);
    }

    function test_RevertIf_setPriceBoundsMaxAboveUint40() public {
        _expectInvalidPriceBounds(1, uint256(type(uint40).max) + 1);
    }

    function test_RevertIf_setPriceBoundsByStranger() public {
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, stranger));
        vm.prank(stranger);
        credit.setPriceBounds(1, 10);
    }

    function test_RevertIf_setPriceBoundsByIssuanceCommitteeMember() public {
        address member = members[ISSUANCE_COMMITTEE][0];
        vm.expectRevert(abi.encodeWithSelector(IAccessManaged.AccessManagedUnauthorized.selector, member));
        vm.prank(member);
        credit.setPriceBounds(1, 10);
    }
}
