// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/// @title CityManagerDeployer
/// @notice Creates each city's AccessManager for the CityFactory that deployed it, at an address fixed by a salt the
/// factory derives from the city's deployer, so nobody else can take a city's manager. A contract of its own because
/// the manager's creation code does not fit in the factory's code.
contract CityManagerDeployer {
    /// @notice The CityFactory this deployer serves; it is the only caller and every manager's initial admin.
    address public immutable factory;

    /// @notice Only the factory may create managers.
    error CityManagerDeployerNotFactory(address caller);

    constructor() {
        factory = msg.sender;
    }

    /// @notice Creates an AccessManager administered by the factory, at the CREATE2 address of `salt`.
    /// @dev Only the factory. Reverts when a manager already exists for `salt`.
    function deploy(bytes32 salt) external returns (AccessManager manager) {
        if (msg.sender != factory) revert CityManagerDeployerNotFactory(msg.sender);
        manager = new AccessManager{salt: salt}(factory);
    }

    /// @notice The address {deploy} creates for `salt`.
    function predict(bytes32 salt) external view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(AccessManager).creationCode, abi.encode(factory)));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, initCodeHash)))));
    }
}
