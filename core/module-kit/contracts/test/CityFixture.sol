// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

// The Foundry fixture a module's tests extend: a real city through the factory, every committee call proposed,
// approved, delayed and executed. The core's own tests use it too, so it is defined in @citysync/contracts.
import {CityFixture} from "@citysync/contracts/test/utils/CityFixture.sol";
