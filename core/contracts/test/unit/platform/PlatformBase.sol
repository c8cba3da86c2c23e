// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityFixture} from "../../utils/CityFixture.sol";
import {TaskBoard} from "../../../tasks/TaskBoard.sol";
import {Accreditation} from "../../../identity/Accreditation.sol";
import {IssuanceController} from "../../../issuance/IssuanceController.sol";
import {Committee} from "../../../governance/Committee.sol";

/// @notice Shared helpers for the platform unit tests, on top of the real city the fixture deploys.
abstract contract PlatformBase is CityFixture {
    uint256 internal constant ACCREDITATION_IDX = 0;
    uint256 internal constant ISSUANCE_IDX = 1;
    uint256 internal constant RATES_IDX = 2;
    uint256 internal constant MODULES_IDX = 3;
    uint256 internal constant VAULT_IDX = 4;
    uint256 internal constant UPGRADES_IDX = 5;

    /// @dev A standing offer worth 10 x 1,000,000 credits: the period cap never binds unless a test wants it to.
    uint256 internal constant BIG_PRICE = 10;
    uint256 internal constant BIG_CAPACITY = 1_000_000;

    uint64 internal constant CLAIMED = type(uint64).max;

    function _bigOffer() internal returns (uint256) {
        return _offer(BIG_PRICE, BIG_CAPACITY);
    }

    function _participant(uint256 i) internal returns (address) {
        return makeAddr(string.concat("participant.", vm.toString(i)));
    }

    function _publishParams(address by, TaskBoard.TaskParams memory p) internal returns (uint256 taskId) {
        vm.prank(by);
        taskId = board.publishTask(p);
    }

    /// @dev A k-of-n task: `k` accredited verifiers must approve.
    function _publishK(uint256 rate, uint32 slots, uint8 k) internal returns (uint256) {
        return _publishParams(issuer, _taskParams(rate, slots, k));
    }

    function _evidence(uint256 taskId, address participant) internal pure returns (bytes32) {
        return keccak256(abi.encode("evidence", taskId, participant));
    }

    function _revoke(address org) internal {
        _committeeCall(ACCREDITATION_IDX, address(accreditation), abi.encodeCall(Accreditation.revoke, (org)));
    }

    function _setBudget(bytes32 moduleId, uint256 perPeriod) internal {
        _committeeCall(ISSUANCE_IDX, address(issuance), abi.encodeCall(IssuanceController.setModuleBudget, (moduleId, perPeriod)));
    }

    /// @dev Proposes as member 0 and approves as member 1 of committee `index`, without waiting or executing.
    function _schedule(uint256 index, address target, bytes memory data) internal returns (uint256 id) {
        Committee c = committees[index];
        vm.prank(members[index][0]);
        id = c.propose(target, data, keccak256(data));
        vm.prank(members[index][1]);
        c.approve(id);
    }

    function _period() internal view returns (uint32) {
        return credit.currentPeriod();
    }
}
