// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestDollar} from "./TestDollar.sol";

/// @title TestYieldVault
/// @notice A yield-bearing asset with a controllable yield source, for tests and the demo: an ERC-4626 vault over
/// {TestDollar} whose share price moves when someone calls {accrueYield} (new dollars appear in the vault, as
/// interest would) or {realizeLoss} (dollars leave it, as a default would).
contract TestYieldVault is ERC4626 {
    /// @notice `amount` of yield accrued to every holder pro rata.
    event YieldAccrued(uint256 amount);
    /// @notice `amount` was lost by every holder pro rata.
    event LossRealized(uint256 amount);

    constructor(TestDollar dollar) ERC20("Test Yield Dollar", "ytUSD") ERC4626(IERC20(address(dollar))) {}

    /// @notice Adds `amount` of yield (test asset: unrestricted). Emits {YieldAccrued}.
    function accrueYield(uint256 amount) external {
        TestDollar(asset()).mint(address(this), amount);
        emit YieldAccrued(amount);
    }

    /// @dev OpenZeppelin's virtual-share defence, as a well-built yield source has: a share price cannot be inflated
    /// so far that a deposit rounds to nothing.
    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    /// @notice Removes `amount` of the vault's assets, as a loss (test asset: unrestricted). Emits {LossRealized}.
    function realizeLoss(uint256 amount) external {
        IERC20(asset()).transfer(address(0xdead), amount);
        emit LossRealized(amount);
    }
}
