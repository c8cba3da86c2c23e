// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice The raw-throughput anchor of the load benchmark: a stock OpenZeppelin ERC20 whose `mint` anyone may call,
/// so the same impersonated senders that check in to the city can mint here, one transaction each.
contract LoadMintToken is ERC20 {
    constructor() ERC20("Load Mint Token", "LMT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
