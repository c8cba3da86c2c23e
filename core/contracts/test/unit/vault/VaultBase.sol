// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../../utils/CityFixture.sol";
import {YieldSplitter} from "../../../vault/YieldSplitter.sol";

/// @dev A city with its vault (the fixture's Test Dollar over a controllable yield source) and funded donors.
abstract contract VaultBase is CityFixture {
    uint256 internal constant VAULT_IDX = 4;
    uint256 internal constant UPGRADES_IDX = 5;

    address internal alice = makeAddr("donor.alice");
    address internal bob = makeAddr("donor.bob");
    address internal attacker = makeAddr("attacker");

    function setUp() public virtual override {
        super.setUp();
        address[3] memory funded = [alice, bob, attacker];
        for (uint256 i; i < funded.length; ++i) {
            dollar.mint(funded[i], 1e15);
            vm.prank(funded[i]);
            dollar.approve(address(vault), type(uint256).max);
        }
    }

    function _donate(address donor, uint256 assets) internal returns (uint256 shares) {
        vm.prank(donor);
        shares = vault.donate(assets, donor, "");
    }

    function _line(address recipient, uint16 bps, uint128 cap, string memory purpose)
        internal
        pure
        returns (YieldSplitter.BudgetLine memory)
    {
        return YieldSplitter.BudgetLine(recipient, bps, cap, purpose);
    }

    function _setSplit(YieldSplitter.BudgetLine[] memory lines) internal {
        _committeeCall(VAULT_IDX, address(splitter), abi.encodeCall(YieldSplitter.setSplit, (lines)));
    }
}
