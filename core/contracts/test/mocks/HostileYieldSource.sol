// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestDollar} from "../../vault/testing/TestDollar.sol";

/// @notice A yield source that misbehaves the ways real ones do: it can be paused (every deposit, mint, withdraw and
/// redeem reverts; views keep answering, as ERC-4626 asks), and it refuses a deposit that would mint zero shares. It
/// has no virtual-share offset, so once its share price is above one asset unit a 1-unit deposit rounds to zero.
contract HostileYieldSource is ERC4626 {
    bool public paused;

    error HostileYieldSourcePaused();
    error HostileYieldSourceZeroShares(uint256 assets);

    constructor(TestDollar dollar) ERC20("Hostile Yield Dollar", "hyUSD") ERC4626(IERC20(address(dollar))) {}

    function setPaused(bool paused_) external {
        paused = paused_;
    }

    /// @notice New dollars appear in the source, as interest would.
    function accrueYield(uint256 amount) external {
        TestDollar(asset()).mint(address(this), amount);
    }

    function deposit(uint256 assets, address receiver) public override returns (uint256) {
        if (previewDeposit(assets) == 0) revert HostileYieldSourceZeroShares(assets);
        return super.deposit(assets, receiver);
    }

    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        if (paused) revert HostileYieldSourcePaused();
        super._deposit(caller, receiver, assets, shares);
    }

    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
    {
        if (paused) revert HostileYieldSourcePaused();
        super._withdraw(caller, receiver, owner, assets, shares);
    }
}
