// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {Accreditation} from "../../../../identity/Accreditation.sol";
import {CivicCredit} from "../../../../token/CivicCredit.sol";
import {VoteToken} from "../../../../token/VoteToken.sol";
import {IssuanceController} from "../../../../issuance/IssuanceController.sol";
import {TaskBoard} from "../../../../tasks/TaskBoard.sol";
import {Committee} from "../../../../governance/Committee.sol";
import {CityGovernor} from "../../../../governance/CityGovernor.sol";
import {ModuleKernel} from "../../../../kernel/ModuleKernel.sol";

// V2 implementations: the real contract plus a `version()` marker, so a test can tell the upgrade happened
// while every inherited storage field must still read back.

contract AccreditationV2 is Accreditation {
    function version() external pure returns (string memory) {
        return "2";
    }
}

contract CivicCreditV2 is CivicCredit {
    constructor(address trustedForwarder) CivicCredit(trustedForwarder) {}

    function version() external pure returns (string memory) {
        return "2";
    }
}

contract VoteTokenV2 is VoteToken {
    function version() external pure returns (string memory) {
        return "2";
    }
}

contract IssuanceControllerV2 is IssuanceController {
    function version() external pure returns (string memory) {
        return "2";
    }
}

contract TaskBoardV2 is TaskBoard {
    constructor(address trustedForwarder) TaskBoard(trustedForwarder) {}

    function version() external pure returns (string memory) {
        return "2";
    }
}

contract CommitteeV2 is Committee {
    function version() external pure returns (string memory) {
        return "2";
    }
}

contract ModuleKernelV2 is ModuleKernel {
    function version() external pure returns (string memory) {
        return "2";
    }
}

/// @dev Governor already has `version()` ("1", part of its EIP-712 domain name-version pair); V2 overrides it.
contract CityGovernorV2 is CityGovernor {
    function version() public pure override returns (string memory) {
        return "2";
    }
}

/// @notice Not UUPS: an upgrade to it must be refused.
contract NotUUPS {
    function version() external pure returns (string memory) {
        return "x";
    }
}
