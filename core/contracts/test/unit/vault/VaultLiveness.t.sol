// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";
import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {VaultBase} from "./VaultBase.sol";
import {CityVault} from "../../../vault/CityVault.sol";
import {YieldSplitter} from "../../../vault/YieldSplitter.sol";
import {HostileYieldSource} from "../../mocks/HostileYieldSource.sol";
import {HookDollar, RefusingRecipient} from "../../mocks/HookDollar.sol";

/// @notice The vault stays live when a yield source or a budget-line recipient fails: donations and harvests go on,
/// nothing is stuck, and what a refusing recipient was due waits for it to claim.
contract VaultLivenessTest is VaultBase {
    HostileYieldSource internal hostile;
    CityVault internal hv; // a vault over the hostile yield source

    HookDollar internal hook;
    YieldSplitter internal hs; // a splitter paying in the hook dollar
    RefusingRecipient internal refusing;
    address internal fine = makeAddr("line.fine");

    function setUp() public override {
        super.setUp();
        hostile = new HostileYieldSource(dollar);
        hv = CityVault(
            address(
                new ERC1967Proxy(
                    address(new CityVault()),
                    abi.encodeCall(
                        CityVault.initialize,
                        (address(manager), IERC20(address(dollar)), IERC4626(address(hostile)), splitter, "H", "H")
                    )
                )
            )
        );
        address[2] memory donors = [alice, bob];
        for (uint256 i; i < donors.length; ++i) {
            vm.prank(donors[i]);
            dollar.approve(address(hv), type(uint256).max);
        }

        // A splitter this test administers, paying a refusing recipient and a fine one.
        hook = new HookDollar();
        AccessManager own = new AccessManager(address(this));
        hs = YieldSplitter(
            address(
                new ERC1967Proxy(
                    address(new YieldSplitter()),
                    abi.encodeCall(YieldSplitter.initialize, (address(own), IERC20(address(hook)), 30 days, 1_000, 9_000))
                )
            )
        );
        refusing = new RefusingRecipient();
        YieldSplitter.BudgetLine[] memory lines = new YieldSplitter.BudgetLine[](2);
        lines[0] = _line(address(refusing), 5_000, 1_000e6, "refuses");
        lines[1] = _line(fine, 5_000, 1_000e6, "pays");
        hs.setSplit(lines);
    }

    function _donateHv(address donor, uint256 assets) internal returns (uint256 shares) {
        vm.prank(donor);
        shares = hv.donate(assets, donor, "");
    }

    // ---------------------------------------------------------------- a recipient that refuses payment

    /// @dev Attack: one budget line's recipient reverts on every transfer, so no line is ever paid (and, through
    /// harvest, the vault cannot pay out at all).
    function test_RevertIf_distribute_revertingRecipientBlocksTheOtherLines() public {
        hook.mint(address(hs), 100e6);
        try hs.distribute() {} catch {}
        assertEq(hook.balanceOf(fine), 50e6, "a refusing recipient blocked the other lines");
    }

    function test_distribute_refusedPaymentIsOwedAndClaimable() public {
        hook.mint(address(hs), 100e6);
        vm.expectEmit(address(hs));
        emit YieldSplitter.PayoutDeferred(0, address(refusing), 50e6, "refuses");
        assertEq(hs.distribute(), 100e6);
        assertEq(hook.balanceOf(fine), 50e6);
        assertEq(hs.unclaimed(address(refusing), "refuses"), 50e6);
        assertEq(hs.unclaimedTotal(), 50e6);
        assertEq(hs.paidTotal(address(refusing), "refuses"), 50e6, "settled against its cap");

        // What it is owed never becomes fresh yield for the others.
        assertEq(hs.distribute(), 0);
        assertEq(hook.balanceOf(fine), 50e6);

        // The recipient claims it to an address that accepts it.
        address elsewhere = makeAddr("elsewhere");
        vm.expectEmit(address(hs));
        emit YieldSplitter.Claimed(address(refusing), "refuses", elsewhere, 50e6);
        vm.prank(address(refusing));
        assertEq(hs.claim("refuses", elsewhere), 50e6);
        assertEq(hook.balanceOf(elsewhere), 50e6);
        assertEq(hs.unclaimedTotal(), 0);
        assertEq(hook.balanceOf(address(hs)), 0, "nothing stuck");

        vm.prank(address(refusing));
        vm.expectRevert(abi.encodeWithSelector(YieldSplitter.YieldSplitterNothingToClaim.selector, address(refusing), "refuses"));
        hs.claim("refuses", elsewhere);
    }

    function test_claim_survivesANewSplit() public {
        hook.mint(address(hs), 100e6);
        hs.distribute();
        YieldSplitter.BudgetLine[] memory lines = new YieldSplitter.BudgetLine[](1);
        lines[0] = _line(fine, 9_000, 1_000e6, "pays");
        vm.expectRevert(); // one line of 90% does not sum to 10,000 bps
        hs.setSplit(lines);
        hs.setSplit(new YieldSplitter.BudgetLine[](0));
        refusing.setRefusing(false);
        vm.prank(address(refusing));
        hs.claim("refuses", address(refusing));
        assertEq(hook.balanceOf(address(refusing)), 50e6);
    }

    function test_RevertIf_claim_byAnotherAccount() public {
        hook.mint(address(hs), 100e6);
        hs.distribute();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(YieldSplitter.YieldSplitterNothingToClaim.selector, stranger, "refuses"));
        hs.claim("refuses", stranger);
    }

    // ---------------------------------------------------------------- a yield source that fails

    /// @dev Attack (or accident): the yield source pauses, and every donation reverts with it.
    function test_RevertIf_donate_pausedYieldSourceBlocksDonations() public {
        _donateHv(alice, 1_000e6);
        hostile.accrueYield(10e6);
        hostile.setPaused(true);
        try this.donateHvAs(bob, 500e6) {} catch {}
        assertEq(hv.totalPrincipal(), 1_500e6, "a paused yield source blocked donations");
    }

    /// @dev Attack: one unit of the asset sent to the lock, when the yield source refuses zero-share deposits, makes
    /// every harvest (and so every donation, which harvests first) revert for ever.
    function test_RevertIf_donate_zeroShareDustBlocksDonations() public {
        _donateHv(alice, 1_000e6);
        hostile.accrueYield(1_000e6); // one share is now worth about two units: a 1-unit deposit rounds to 0 shares
        dollar.mint(address(hv.lock()), 1);
        try this.donateHvAs(bob, 500e6) {} catch {}
        assertEq(hv.totalPrincipal(), 1_500e6, "dust in the lock blocked donations");
    }

    function test_pausedYieldSource_donationWaitsIdleThenIsInvested() public {
        _donateHv(alice, 1_000e6);
        hostile.accrueYield(10e6);
        hostile.setPaused(true);
        _donateHv(bob, 500e6);
        assertEq(dollar.balanceOf(address(hv.lock())), 500e6, "the donation waits in the lock");
        assertEq(hv.harvest(), 0, "nothing can leave a paused source; the harvest does not revert");
        assertGe(hv.totalAssets(), 1_500e6);

        hostile.setPaused(false);
        uint256 harvested = hv.harvest();
        assertApproxEqAbs(harvested, 10e6, 2);
        assertEq(dollar.balanceOf(address(hv.lock())), 0, "invested once the source accepts deposits");
        assertGe(hv.totalAssets(), 1_500e6, "principal whole");
    }

    function test_zeroShareDust_isPaidOutAsYieldNotStuck() public {
        _donateHv(alice, 1_000e6);
        hostile.accrueYield(1_000e6);
        dollar.mint(address(hv.lock()), 1);
        hv.harvest();
        assertGe(hv.totalAssets(), 1_000e6, "principal whole");
        assertLe(hv.harvestable(), 2, "only rounding is left above the principal");
    }

    function donateHvAs(address donor, uint256 assets) external {
        _donateHv(donor, assets);
    }
}
