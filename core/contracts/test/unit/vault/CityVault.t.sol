// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {VaultBase} from "./VaultBase.sol";
import {CityVault} from "../../../vault/CityVault.sol";
import {PrincipalLock} from "../../../vault/PrincipalLock.sol";
import {YieldSplitter} from "../../../vault/YieldSplitter.sol";

/// @dev What a hostile upgrade of the vault could add: it may call the lock, which releases surplus and nothing else.
contract DrainingCityVault is CityVault {
    function drain(address to) external returns (uint256) {
        PrincipalLock l = this.lock();
        l.lockPrincipal(0);
        return l.releaseSurplus(to);
    }
}

contract CityVaultTest is VaultBase {
    // ---------------------------------------------------------------- giving

    function test_donate_recordsDonorAmountAndDedication() public {
        uint256 expectedShares = vault.previewDeposit(1_000e6);
        vm.expectEmit(address(vault));
        emit CityVault.Donated(alice, bob, 1_000e6, expectedShares, 1_000e6, "in memory of the 1991 Oakland Hills fire");
        vm.prank(alice);
        uint256 shares = vault.donate(1_000e6, bob, "in memory of the 1991 Oakland Hills fire");
        assertEq(shares, expectedShares);
        assertEq(shares, 1_000e6 * 1e6, "1 asset unit = 10^6 shares (virtual offset 6)");
        assertEq(vault.balanceOf(bob), shares);
        assertEq(vault.totalPrincipal(), 1_000e6);
        assertEq(vault.donationCount(), 1);
        assertEq(dollar.balanceOf(address(vault.lock())), 0, "every dollar is invested");
        assertEq(yieldSource.previewRedeem(yieldSource.balanceOf(address(vault.lock()))), 1_000e6);
    }

    function test_deposit_and_mint_areDonationsToo() public {
        vm.prank(alice);
        uint256 shares = vault.deposit(500e6, alice);
        vm.prank(bob);
        uint256 assets = vault.mint(shares, bob);
        assertEq(assets, 500e6);
        assertEq(vault.totalPrincipal(), 1_000e6);
        assertEq(vault.donationCount(), 2);
    }

    function test_donate_refusesZeroAndLongDedications() public {
        vm.prank(alice);
        vm.expectRevert(CityVault.CityVaultZeroAssets.selector);
        vault.donate(0, alice, "");
        bytes memory long = new bytes(281);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(CityVault.CityVaultDedicationTooLong.selector, 281, 280));
        vault.donate(1e6, alice, string(long));
    }

    // ---------------------------------------------------------------- principal never leaves

    function test_withdrawAndRedeem_alwaysRevert() public {
        _donate(alice, 1_000e6);
        yieldSource.accrueYield(100e6);
        vm.startPrank(alice);
        vm.expectRevert(CityVault.CityVaultPrincipalLocked.selector);
        vault.withdraw(1, alice, alice);
        vm.expectRevert(CityVault.CityVaultPrincipalLocked.selector);
        vault.redeem(1, alice, alice);
        vm.stopPrank();
        assertEq(vault.maxWithdraw(alice), 0);
        assertEq(vault.maxRedeem(alice), 0);
    }

    function test_shares_neverMove() public {
        uint256 shares = _donate(alice, 1_000e6);
        vm.prank(alice);
        vm.expectRevert(CityVault.CityVaultSharesNonTransferable.selector);
        vault.transfer(bob, shares);
        vm.prank(alice);
        vault.approve(bob, shares);
        vm.prank(bob);
        vm.expectRevert(CityVault.CityVaultSharesNonTransferable.selector);
        vault.transferFrom(alice, bob, shares);
        assertEq(vault.balanceOf(alice), shares);
    }

    function test_lock_onlyItsVaultMayCallIt() public {
        PrincipalLock l = vault.lock();
        assertEq(l.controller(), address(vault));
        address[4] memory others = [stranger, address(committees[UPGRADES_IDX]), address(splitter), address(manager)];
        for (uint256 i; i < others.length; ++i) {
            vm.prank(others[i]);
            vm.expectRevert(abi.encodeWithSelector(PrincipalLock.PrincipalLockUnauthorized.selector, others[i]));
            l.releaseSurplus(others[i]);
            vm.prank(others[i]);
            vm.expectRevert(abi.encodeWithSelector(PrincipalLock.PrincipalLockUnauthorized.selector, others[i]));
            l.lockPrincipal(0);
        }
    }

    function test_lock_refusesUnfundedPrincipal() public {
        PrincipalLock l = vault.lock();
        vm.prank(address(vault));
        vm.expectRevert(abi.encodeWithSelector(PrincipalLock.PrincipalLockNotFunded.selector, 0, 1));
        l.lockPrincipal(1);
    }

    /// @dev The upgrades committee installs an implementation written to drain the vault: it gets the yield above
    /// the principal (which a harvest would have sent to the splitter anyway) and not one unit of principal.
    function test_upgradePath_cannotMovePrincipal() public {
        _donate(alice, 1_000e6);
        _donate(bob, 3_000e6);
        yieldSource.accrueYield(40e6);
        address hostile = address(new DrainingCityVault());
        _committeeCall(UPGRADES_IDX, address(vault), abi.encodeCall(UUPSUpgradeable.upgradeToAndCall, (hostile, "")));

        uint256 surplus = vault.harvestable();
        uint256 drained = DrainingCityVault(address(vault)).drain(attacker);
        assertEq(drained, surplus);
        assertLe(drained, 40e6);
        assertEq(DrainingCityVault(address(vault)).drain(attacker), 0, "nothing above principal is left");
        assertEq(vault.totalPrincipal(), 4_000e6);
        assertGe(vault.lock().totalValue(), 4_000e6);
    }

    // ---------------------------------------------------------------- harvest

    function test_harvest_movesOnlyYieldAndPaysTheLines() public {
        _donate(alice, 1_000e6);
        yieldSource.accrueYield(50e6);
        uint256 harvestable = vault.harvestable();
        assertApproxEqAbs(harvestable, 50e6, 1);

        vm.expectEmit(address(vault));
        emit CityVault.Harvested(harvestable, vault.totalSupply(), 1_000e6, harvestable);
        vm.prank(stranger);
        uint256 amount = vault.harvest();
        assertEq(amount, harvestable);
        assertEq(vault.totalPrincipal(), 1_000e6);
        assertGe(vault.totalAssets(), 1_000e6, "principal still fully backed");
        assertEq(dollar.balanceOf(backstop), amount * 6_000 / 10_000);
        assertEq(dollar.balanceOf(infrastructure), amount * 4_000 / 10_000);
        assertEq(dollar.balanceOf(stranger), 0, "the caller gains nothing");
        assertEq(vault.totalHarvested(), amount);
    }

    function test_harvest_withoutYieldMovesNothing() public {
        _donate(alice, 1_000e6);
        assertEq(vault.harvest(), 0);
        assertEq(vault.totalHarvested(), 0);
        assertEq(dollar.balanceOf(address(splitter)), 0);
    }

    function test_harvest_afterALoss_waitsUntilPrincipalIsWhole() public {
        _donate(alice, 1_000e6);
        yieldSource.realizeLoss(30e6);
        yieldSource.accrueYield(20e6);
        assertEq(vault.harvest(), 0, "still 10 below principal");
        yieldSource.accrueYield(25e6);
        uint256 amount = vault.harvest();
        assertApproxEqAbs(amount, 15e6, 1);
        assertGe(vault.totalAssets(), 1_000e6);
    }

    function test_donation_harvestsFirst_soEarlierDonorsKeepTheirYield() public {
        _donate(alice, 1_000e6);
        yieldSource.accrueYield(100e6);
        uint256 bobShares = _donate(bob, 1_000e6);
        assertApproxEqAbs(vault.totalHarvested(), 100e6, 2, "alice's yield went out before bob joined");
        assertApproxEqRel(bobShares, vault.balanceOf(alice), 1e12, "same principal, same stake");
    }

    function test_assetSentToTheVaultByMistake_isPaidOutAsYield() public {
        _donate(alice, 1_000e6);
        vm.prank(bob);
        dollar.transfer(address(vault), 10e6);
        assertEq(vault.harvest(), 10e6);
        assertEq(dollar.balanceOf(address(vault)), 0);
        assertEq(dollar.balanceOf(backstop) + dollar.balanceOf(infrastructure), 10e6);
        assertEq(vault.totalPrincipal(), 1_000e6);
    }

    // ---------------------------------------------------------------- rounding and share inflation

    /// @dev The classic first-deposit attack: 1 unit, then a large transfer straight to the vault or its custody
    /// to inflate the share price so the victim's shares round to zero. Shares are priced against the principal, and
    /// the next donation harvests the transfer as yield (paid to the budget lines): the victim gets its fair stake
    /// and the attacker only gave money away.
    function testFuzz_firstDepositInflation_buysNothing(bool toLock, uint256 gift, uint256 victimAssets) public {
        gift = bound(gift, 1, 1e14);
        victimAssets = bound(victimAssets, 1, 1e13);
        _donate(attacker, 1);
        address target = toLock ? address(vault.lock()) : address(vault);
        vm.prank(attacker);
        dollar.transfer(target, gift);

        uint256 victimShares = _donate(alice, victimAssets);
        assertEq(victimShares, victimAssets * 1e6, "priced at principal: 10^6 shares per unit, like the attacker's");
        assertEq(vault.totalPrincipal(), victimAssets + 1);
        assertEq(vault.balanceOf(attacker), 1e6);
        assertEq(dollar.balanceOf(attacker), 1e15 - 1 - gift, "nothing came back to the attacker");
    }

    /// @dev The same attack on the yield source itself (a gift that pushes its share price up): the donation either
    /// gets its fair stake or, if the yield source would swallow more than 1 bps of it, reverts and keeps the
    /// donor's money. It never buys a stake below its principal share.
    function testFuzz_yieldSourceInflation_neverCostsTheDonor(uint256 gift, uint256 victimAssets) public {
        gift = bound(gift, 1, 1e14);
        victimAssets = bound(victimAssets, 1, 1e13);
        _donate(attacker, 1);
        vm.prank(attacker);
        dollar.transfer(address(yieldSource), gift);

        vm.prank(alice);
        try vault.donate(victimAssets, alice, "") returns (uint256 shares) {
            assertEq(shares, victimAssets * 1e6);
            assertGe(vault.lock().totalValue() + 1 + victimAssets / 10_000, vault.totalPrincipal());
        } catch (bytes memory err) {
            assertEq(bytes4(err), PrincipalLock.PrincipalLockDepositLoss.selector);
            assertEq(dollar.balanceOf(alice), 1e15, "the donor keeps its money");
        }
    }

    /// @dev Yield-source shares sent straight to the lock are yield, not price: harvested at the next donation.
    function test_inflationWithYieldSourceShares_isHarvested() public {
        _donate(attacker, 1);
        vm.startPrank(attacker);
        dollar.approve(address(yieldSource), 1e12);
        yieldSource.deposit(1e12, address(vault.lock()));
        vm.stopPrank();
        uint256 shares = _donate(alice, 1e6);
        assertEq(shares, 1e6 * 1e6);
        assertApproxEqAbs(vault.totalHarvested(), 1e12, 1);
    }

    /// @dev Whatever the state, a donation never buys shares worth more than it paid (deposit rounds shares down,
    /// mint rounds assets up).
    function testFuzz_rounding_neverFavoursTheDonor(uint256 first, uint256 yield, uint256 assets, uint256 shares)
        public
    {
        first = bound(first, 1, 1e13);
        yield = bound(yield, 0, first); // up to 100% yield before the next donation
        assets = bound(assets, 1, 1e13);
        shares = bound(shares, 1e6, 1e19);
        _donate(bob, first);
        if (yield > 0) yieldSource.accrueYield(yield);

        vm.prank(alice);
        uint256 got = vault.deposit(assets, alice);
        assertLe(vault.convertToAssets(got), assets);

        vm.prank(alice);
        uint256 paid = vault.mint(shares, alice);
        assertGe(paid, vault.convertToAssets(shares));
    }

    // ---------------------------------------------------------------- views

    function test_views_describeTheEndowment() public {
        assertEq(vault.asset(), address(dollar));
        assertEq(address(vault.yieldSource()), address(yieldSource));
        assertEq(address(vault.splitter()), address(splitter));
        assertEq(vault.name(), "Berkeley City Vault");
        assertEq(vault.symbol(), "cvBRKY");
        assertEq(vault.decimals(), 12);
        assertEq(IERC4626(address(vault.lock().yieldSource())).asset(), address(dollar));
    }
}
