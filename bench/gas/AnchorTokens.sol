// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title AnchorVotesToken
/// @notice Gas-benchmark anchor: the smallest stock OpenZeppelin 5.4 ERC20 + ERC20Votes token with an
///         owner-only mint, i.e. what a governance-weighted credit costs to issue without the project.
/// @dev Non-upgradeable on purpose: the anchor is the plain library, with no proxy or extra hooks.
contract AnchorVotesToken is ERC20, ERC20Votes, Ownable {
    constructor(address owner_) ERC20("Anchor Votes", "AVOTE") EIP712("Anchor Votes", "1") Ownable(owner_) {}

    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }
}

/// @title AnchorBurnToken
/// @notice Gas-benchmark anchor: a stock OpenZeppelin 5.4 ERC20 + ERC20Burnable token, the baseline a
///         redemption (which destroys credit) is compared against.
contract AnchorBurnToken is ERC20, ERC20Burnable {
    constructor(address holder, uint256 supply) ERC20("Anchor Burn", "ABURN") {
        _mint(holder, supply);
    }
}
