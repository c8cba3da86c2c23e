// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ITaskPolicy} from "../../../../interfaces/ITaskPolicy.sol";
import {TaskBoard} from "../../../../tasks/TaskBoard.sol";

/// @notice A module policy that admits only tasks paying at most `maxRate` and carrying this contract as their gate.
contract MockTaskPolicy is ITaskPolicy {
    error MockTaskPolicyRefused(address issuer, uint256 rate, address gate);

    uint256 public immutable maxRate;

    constructor(uint256 maxRate_) {
        maxRate = maxRate_;
    }

    function checkTask(address issuer, TaskBoard.TaskParams calldata p) external view {
        if (p.rate > maxRate || p.gate != address(this)) revert MockTaskPolicyRefused(issuer, p.rate, p.gate);
    }
}
