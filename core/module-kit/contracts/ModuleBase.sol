// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

// The base of a module's main contract: UUPS under the city's AccessManager (defined in @citysync/contracts).
import {ModuleBase} from "@citysync/contracts/kernel/ModuleBase.sol";
