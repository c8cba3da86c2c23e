// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestDollar
/// @notice A 6-decimal stand-in for a dollar stablecoin, for tests and the demo only: anyone may mint. A city's
/// real vault is configured with a real asset (see core/contracts/vault/README.md).
contract TestDollar is ERC20 {
    constructor() ERC20("Test Dollar", "tUSD") {}

    /// @notice Mints `amount` to `to` (test asset: unrestricted).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
