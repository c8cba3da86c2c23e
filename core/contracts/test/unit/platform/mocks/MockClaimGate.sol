// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {IClaimGate} from "../../../../interfaces/IClaimGate.sol";

/// @notice A prerequisite (e.g. a training check) that admits exactly the participants a test lists.
contract MockClaimGate is IClaimGate {
    mapping(address participant => bool) public admitted;

    function admit(address participant, bool yes) external {
        admitted[participant] = yes;
    }

    function canClaim(uint256, address participant) external view returns (bool) {
        return admitted[participant];
    }
}
