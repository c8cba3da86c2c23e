// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IClaimGate
/// @notice A module-supplied prerequisite for claiming a task (e.g. a verified training completion).
interface IClaimGate {
    /// @notice Whether `participant` may claim task `taskId`.
    function canClaim(uint256 taskId, address participant) external view returns (bool);
}
