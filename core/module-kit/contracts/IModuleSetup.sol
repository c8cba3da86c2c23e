// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

// What a module version ships for the kernel (defined beside the kernel, in @citysync/contracts).
import {IModuleSetup} from "@citysync/contracts/kernel/IModuleSetup.sol";
