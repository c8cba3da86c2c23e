// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IIssuanceController
/// @notice The single path through which credits are minted: it enforces the period cap and module budgets.
interface IIssuanceController {
    /// @notice Mints `amount` to `to` against `moduleId`'s budget, the budget of the task's `issuer` in that module
    /// and the current period's cap. Only the task board.
    function issue(bytes32 moduleId, address issuer, address to, uint256 amount) external;

    /// @notice Batch variant for one `issuer`'s tasks: `moduleIds`/`moduleTotals` are the per-module sums of
    /// `amounts`. Only the task board.
    function issueBatch(
        address issuer,
        bytes32[] calldata moduleIds,
        uint256[] calldata moduleTotals,
        address[] calldata to,
        uint256[] calldata amounts
    ) external;

    /// @notice Reverts unless `rate` lies inside the rates committee's bounds for `taskType`.
    function checkRate(bytes32 taskType, uint256 rate) external view;

    /// @notice The per-period budget of `moduleId` (0 when the module may not issue).
    function moduleBudget(bytes32 moduleId) external view returns (uint256);
}
