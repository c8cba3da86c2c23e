// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ITaskPolicy} from "../interfaces/ITaskPolicy.sol";
import {TaskBoard} from "./TaskBoard.sol";

/// @title OpenTaskPolicy
/// @notice A task policy with no rule of its own: every task the board's own checks admit (an accredited issuer, a
/// rate inside the rates committee's bounds, a module with a budget) passes. The task board publishes nothing under
/// a module without a policy, so a budget line whose tasks need no module rules (a city's first weeks before its
/// modules are installed, a test city) is registered with this one, on purpose and visibly, by the committee that
/// opens the line. Stateless: one deployment serves any number of cities and modules.
contract OpenTaskPolicy is ITaskPolicy {
    /// @inheritdoc ITaskPolicy
    function checkTask(address, TaskBoard.TaskParams calldata) external pure {}
}
