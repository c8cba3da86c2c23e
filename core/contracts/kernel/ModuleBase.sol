// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityManaged} from "../access/CityManaged.sol";

/// @title ModuleBase
/// @notice What every dPAN module contract builds on: UUPS under the city's AccessManager (upgrades through the
/// upgrades committee only), and the module's id, kernel and core addresses in ERC-7201 storage. Modules talk to
/// the core only through its public interfaces and the roles the kernel granted them.
abstract contract ModuleBase is CityManaged {
    /// @custom:storage-location erc7201:citysync.storage.ModuleBase
    struct ModuleBaseStorage {
        bytes32 moduleId;
        address kernel;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.ModuleBase")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xa7f417ae6c5d4ecae096cf472b85a108f531857a7ebf13d646bbb51f737b7d00;

    function __ModuleBase_init(address authority, address kernel_, bytes32 moduleId_) internal onlyInitializing {
        __CityManaged_init(authority);
        ModuleBaseStorage storage $ = _getModuleBaseStorage();
        $.kernel = kernel_;
        $.moduleId = moduleId_;
    }

    /// @notice keccak256 of the module's package name: its budget line at the issuance controller.
    function moduleId() public view returns (bytes32) {
        return _getModuleBaseStorage().moduleId;
    }

    /// @notice The city's module kernel.
    function kernel() public view returns (address) {
        return _getModuleBaseStorage().kernel;
    }

    function _getModuleBaseStorage() private pure returns (ModuleBaseStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
