// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

// A module's rules for the tasks published against its budget, asked by the task board at publish.
import {ITaskPolicy} from "@citysync/contracts/interfaces/ITaskPolicy.sol";
