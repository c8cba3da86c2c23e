// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

// A module-supplied prerequisite for claiming a task, asked by the task board at claim.
import {IClaimGate} from "@citysync/contracts/interfaces/IClaimGate.sol";
