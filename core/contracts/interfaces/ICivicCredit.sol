// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title ICivicCredit
/// @notice The city's credit ledger as the issuance controller and the vote token see it.
interface ICivicCredit {
    /// @notice Mints `amount` credits to `to`. Only the issuance controller.
    function mint(address to, uint256 amount) external;

    /// @notice Mints `amounts[i]` credits to `to[i]`. Only the issuance controller.
    function mintBatch(address[] calldata to, uint256[] calldata amounts) external;

    /// @notice Credits ever minted to `account` (its voting units).
    function mintedOf(address account) external view returns (uint256);

    /// @notice The index of the current issuance period.
    function currentPeriod() external view returns (uint32);

    /// @notice Start (inclusive) and end (exclusive) timestamps of the current period.
    function currentPeriodBounds() external view returns (uint32 period, uint64 start, uint64 end);

    /// @notice Sum of capacity x price over the offers that are open during [start, end).
    function capacityValue(uint64 start, uint64 end) external view returns (uint256);
}
