// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../utils/CityFixture.sol";
import {HostileRedeemerHandler} from "./handlers/HostileRedeemerHandler.sol";
import {OrgRoles} from "../../libraries/Roles.sol";

/// @notice Hostile redeemers against the period cap: a real city, an honest offer already on offer, and two
/// accredited redeemers that open, raise, lower and close maximal offers around period boundaries and the period's
/// first issuance.
/// forge-config: default.invariant.fail-on-revert = false
contract RedeemerCapInvariantTest is CityFixture {
    HostileRedeemerHandler internal handler;

    function setUp() public override {
        super.setUp();
        _accreditAll();
        address[] memory hostile = new address[](2);
        hostile[0] = makeAddr("redeemer.hostile.0");
        hostile[1] = makeAddr("redeemer.hostile.1");
        _accredit(hostile[0], OrgRoles.REDEEMER);
        _accredit(hostile[1], OrgRoles.REDEEMER);
        _offer(10, 100); // honest capacity, and on to the next period

        handler = new HostileRedeemerHandler(credit, issuance, address(board), MODULE, makeAddr("resident"), hostile, 1_000);
        targetContract(address(handler));
    }

    /// @dev A period's cap never exceeds coverage x the capacity really on offer when it was fixed: the least
    /// standing value since the period began plus the older windowed offers weighted by their share of the period.
    function invariant_capWithinReallyOfferedCapacity() public view {
        uint32[] memory periods = handler.fixedPeriodList();
        for (uint256 i; i < periods.length; ++i) {
            (uint256 cap, uint256 issued, bool capFixed) = issuance.periodIssuance(periods[i]);
            uint256 bound = handler.ghostCapBound(periods[i]);
            if (!capFixed || cap > bound || issued > cap) {
                assertTrue(capFixed, "a period the handler saw fixed has no cap");
                assertLe(cap, bound, string.concat("period ", vm.toString(periods[i]), ": cap above really-offered capacity"));
                assertLe(issued, cap, "issued above the cap");
            }
        }
    }
}
