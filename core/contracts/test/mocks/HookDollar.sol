// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice What a contract receiving {HookDollar} is called with (as ERC-677 / ERC-1363 style tokens do).
interface IHookDollarReceiver {
    function onTokenTransfer(address from, uint256 amount) external;
}

/// @notice A dollar that calls a contract recipient on every transfer, so the recipient can refuse it by reverting,
/// the way a hook token (or a stablecoin's blocklist) makes a payment fail.
contract HookDollar is ERC20 {
    constructor() ERC20("Hook Dollar", "hUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to.code.length > 0) IHookDollarReceiver(to).onTokenTransfer(from, value);
    }
}

/// @notice A budget-line recipient that refuses every payment while `refusing` is set.
contract RefusingRecipient is IHookDollarReceiver {
    bool public refusing = true;

    error RefusingRecipientRefused();

    function setRefusing(bool refusing_) external {
        refusing = refusing_;
    }

    function onTokenTransfer(address, uint256) external view {
        if (refusing) revert RefusingRecipientRefused();
    }
}
