// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {TaskBoard} from "../tasks/TaskBoard.sol";

/// @title ITaskPolicy
/// @notice A module's rules for the tasks published against its budget (its catalog, rate bounds, required gate,
/// verification rule, activation windows, zones). The modules committee registers a module's policy on the task
/// board; from then on every task published under that module id must pass it, so the module's rules hold on chain
/// whatever an issuer's app sends.
interface ITaskPolicy {
    /// @notice Reverts, with the module's own error, unless `issuer` may publish `params` under this module.
    function checkTask(address issuer, TaskBoard.TaskParams calldata params) external view;
}
