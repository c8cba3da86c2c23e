// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityManaged} from "../access/CityManaged.sol";
import {IAccreditation} from "../interfaces/IAccreditation.sol";
import {OrgRoles} from "../libraries/Roles.sol";

/// @title Accreditation
/// @notice The organizations a city trusts (issuers, redeemers, verifiers, auditors, relayers). Only ids and a
/// metadata hash (content address of the off-chain organization record) are kept: no personal data on chain.
contract Accreditation is CityManaged, IAccreditation {
    struct Organization {
        uint8 roles;
        uint40 accreditedAt;
        bytes32 metadataHash;
    }

    /// @custom:storage-location erc7201:citysync.storage.Accreditation
    struct AccreditationStorage {
        mapping(address => Organization) organizations;
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.Accreditation")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x1b5c2f2d93f2dbfeface5a19df704edfc8f68f708b1aeb43faae3f59dab09200;

    /// @notice `org` was accredited (or re-accredited) for `roles` with the given metadata hash.
    event OrganizationAccredited(address indexed org, uint8 roles, bytes32 metadataHash);
    /// @notice `org` lost every role.
    event OrganizationRevoked(address indexed org);

    error AccreditationZeroAddress();
    error AccreditationInvalidRoles(uint8 roles);
    error AccreditationNotAccredited(address org);

    /// @notice Initializes the registry under the city's AccessManager.
    function initialize(address authority) external initializer {
        __CityManaged_init(authority);
    }

    /// @notice Accredits `org` for `roles` (bit flags), replacing any roles it held.
    /// @dev Restricted to the accreditation committee. Emits {OrganizationAccredited}.
    function accredit(address org, uint8 roles, bytes32 metadataHash) external restricted {
        if (org == address(0)) revert AccreditationZeroAddress();
        if (roles == 0 || roles & ~OrgRoles.ALL != 0) revert AccreditationInvalidRoles(roles);
        _getStorage().organizations[org] = Organization(roles, uint40(block.timestamp), metadataHash);
        emit OrganizationAccredited(org, roles, metadataHash);
    }

    /// @notice Revokes every role of `org`.
    /// @dev Restricted to the accreditation committee. Emits {OrganizationRevoked}.
    function revoke(address org) external restricted {
        AccreditationStorage storage $ = _getStorage();
        if ($.organizations[org].roles == 0) revert AccreditationNotAccredited(org);
        delete $.organizations[org];
        emit OrganizationRevoked(org);
    }

    /// @notice The record of `org` (zeroes when not accredited).
    function organization(address org) external view returns (Organization memory) {
        return _getStorage().organizations[org];
    }

    /// @inheritdoc IAccreditation
    function rolesOf(address org) public view returns (uint8) {
        return _getStorage().organizations[org].roles;
    }

    /// @inheritdoc IAccreditation
    function hasRoles(address org, uint8 roles) external view returns (bool) {
        return roles != 0 && rolesOf(org) & roles == roles;
    }

    /// @inheritdoc IAccreditation
    function hasAnyRole(address org, uint8 roles) external view returns (bool) {
        return rolesOf(org) & roles != 0;
    }

    function _getStorage() private pure returns (AccreditationStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
