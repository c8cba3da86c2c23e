// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../../core/contracts/test/utils/CityFixture.sol";
import {CityVault} from "../../core/contracts/vault/CityVault.sol";
import {YieldSplitter} from "../../core/contracts/vault/YieldSplitter.sol";

import {FullTxGas} from "./FullTxGas.sol";

/// @title VaultGasBench
/// @notice `npm run bench:gas`: full-transaction gas of the City Vault on a city deployed through CityFactory (the
///         vault and splitter behind their proxies, the principal in the Test Dollar's ERC-4626 yield source),
///         measured like every other figure (FullTxGas). Steady state: the vault already holds principal from
///         several donors and the donor has given before.
///
/// Figures:
///  - project_vaultDonate              `CityVault.donate(assets, donor, dedication)` by a returning donor, no yield
///                                      waiting (approve excluded: a standing allowance)
///  - project_vaultDonate_withHarvest  the same donation when yield has accrued: it harvests to the splitter first
///  - project_vaultHarvest_4lines      `CityVault.harvest()`: yield to the splitter, then paid to 4 budget lines
contract VaultGasBench is CityFixture, FullTxGas {
    address internal donor = makeAddr("bench.donor");

    function setUp() public override {
        super.setUp();
        YieldSplitter.BudgetLine[] memory lines = _fourBudgetLines([uint128(1e12), 1e12, 1e12, 1e12]);
        _committeeCall(4, address(splitter), abi.encodeCall(YieldSplitter.setSplit, (lines)));
        _committeeCall(5, address(splitter), abi.encodeCall(YieldSplitter.setSplitBounds, (1_000, 5_000)));

        dollar.mint(donor, 1e13);
        vm.prank(donor);
        dollar.approve(address(vault), type(uint256).max);
        for (uint256 i; i < 3; ++i) {
            address other = makeAddr(string.concat("bench.foundation.", vm.toString(i)));
            dollar.mint(other, 1e12);
            vm.startPrank(other);
            dollar.approve(address(vault), 1e12);
            vault.donate(1e12, other, "");
            vm.stopPrank();
        }
        vm.prank(donor);
        vault.donate(1_000e6, donor, "");
        // Every line has been paid once, so payouts rewrite nonzero counters (the splitter's steady state).
        yieldSource.accrueYield(10_000e6);
        vault.harvest();
        vm.warp(block.timestamp + 12);
    }

    function test_gas_project_vaultDonate() public {
        uint256 principal = vault.totalPrincipal();
        _recordTx("project_vaultDonate", donor, address(vault), _donation());
        assertEq(vault.totalPrincipal(), principal + 500e6);
    }

    function test_gas_project_vaultDonate_withHarvest() public {
        yieldSource.accrueYield(1_000e6);
        uint256 harvested = vault.totalHarvested();
        _recordTx("project_vaultDonate_withHarvest", donor, address(vault), _donation());
        assertGt(vault.totalHarvested(), harvested);
    }

    function test_gas_project_vaultHarvest_4lines() public {
        yieldSource.accrueYield(1_000e6);
        uint256 paid = splitter.totalPaid();
        _recordTx("project_vaultHarvest_4lines", address(vault), abi.encodeCall(CityVault.harvest, ()));
        assertGt(splitter.totalPaid(), paid);
        assertLt(splitter.pending(), 4, "caps do not bind: all paid but the rounding remainder");
    }

    function _donation() internal view returns (bytes memory) {
        return abi.encodeCall(CityVault.donate, (500e6, donor, "for the city's resilience"));
    }
}
