// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IVoteSink
/// @notice Receives the ledger's mints so that $VOTE is minted 1:1 with every credit mint.
interface IVoteSink {
    /// @notice Records `amount` new voting units for `to`. Only the credit ledger.
    function onMint(address to, uint256 amount) external;

    /// @notice Records `amounts[i]` new voting units for `to[i]`. Only the credit ledger.
    function onMintBatch(address[] calldata to, uint256[] calldata amounts) external;
}
