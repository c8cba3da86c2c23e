// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "./utils/CityFixture.sol";
import {OrgRoles} from "../libraries/Roles.sol";

contract CityFactoryTest is CityFixture {
    function test_deployCity_pilotLifecycle() public {
        _accreditAll();
        uint256 offerId = _offer(10, 100);
        address alice = makeAddr("alice");
        _earn(alice, 25);
        assertEq(credit.balanceOf(alice), 25);
        assertEq(votes.balanceOf(alice), 25);
        vm.prank(alice);
        credit.redeem(offerId, 2, type(uint256).max);
        assertEq(credit.balanceOf(alice), 5);
        assertEq(votes.balanceOf(alice), 25);
        assertEq(credit.remainingCapacity(offerId), 98);
    }
}
