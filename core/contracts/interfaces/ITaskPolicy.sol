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
    /// @dev Not `view`: a policy may record what it admits when the task board asks (e.g. reserve the task's worst
    /// case against an event's budget). Such a policy records only when the caller is the task board, so anyone
    /// else's call is a dry run; a policy with nothing to record implements it as `view`.
    function checkTask(address issuer, TaskBoard.TaskParams calldata params) external;
}
