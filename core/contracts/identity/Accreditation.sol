// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

import {CityManaged} from "../access/CityManaged.sol";
import {IAccreditation} from "../interfaces/IAccreditation.sol";
import {OrgRoles} from "../libraries/Roles.sol";

/// @notice Receives every role change (the task board keeps a mirror to avoid a call per verification).
interface IRoleSink {
    function syncRoles(address org, uint8 roles) external;
}

/// @notice Told when an organization loses its redeemer role (the credit ledger closes its offers).
interface IRedeemerSink {
    function onRedeemerRevoked(address redeemer) external;
}

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
        IRoleSink roleSink; // the task board, which mirrors every role change
        IRedeemerSink redeemerSink; // the credit ledger, which closes a revoked redeemer's offers
    }

    // keccak256(abi.encode(uint256(keccak256("citysync.storage.Accreditation")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0x1b5c2f2d93f2dbfeface5a19df704edfc8f68f708b1aeb43faae3f59dab09200;

    /// @notice `org` was accredited (or re-accredited) for `roles` with the given metadata hash.
    event OrganizationAccredited(address indexed org, uint8 roles, bytes32 metadataHash);
    /// @notice `org` lost every role.
    event OrganizationRevoked(address indexed org);
    /// @notice Role changes are now pushed to `sink`.
    event RoleSinkSet(address sink);
    /// @notice Losses of the redeemer role are now pushed to `sink`.
    event RedeemerSinkSet(address sink);

    error AccreditationZeroAddress();
    error AccreditationInvalidRoles(uint8 roles);
    error AccreditationNotAccredited(address org);

    /// @notice Initializes the registry under the city's AccessManager.
    function initialize(address authority) external initializer {
        __CityManaged_init(authority);
    }

    /// @notice Accredits `org` for `roles` (bit flags), replacing any roles it held. An organization that loses
    /// the redeemer role here has its offers closed in the same transaction.
    /// @dev Restricted to the accreditation committee. Emits {OrganizationAccredited}.
    function accredit(address org, uint8 roles, bytes32 metadataHash) external restricted {
        if (org == address(0)) revert AccreditationZeroAddress();
        if (roles == 0 || roles & ~OrgRoles.ALL != 0) revert AccreditationInvalidRoles(roles);
        AccreditationStorage storage $ = _getStorage();
        uint8 before = $.organizations[org].roles;
        $.organizations[org] = Organization(roles, uint40(block.timestamp), metadataHash);
        emit OrganizationAccredited(org, roles, metadataHash);
        _sync($, org, before, roles);
    }

    /// @notice Revokes every role of `org`; a redeemer's offers are closed in the same transaction.
    /// @dev Restricted to the accreditation committee. Emits {OrganizationRevoked}.
    function revoke(address org) external restricted {
        AccreditationStorage storage $ = _getStorage();
        uint8 before = $.organizations[org].roles;
        if (before == 0) revert AccreditationNotAccredited(org);
        delete $.organizations[org];
        emit OrganizationRevoked(org);
        _sync($, org, before, 0);
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

    /// @notice Sets the contract that mirrors role changes (the task board). Restricted (the factory at deployment,
    /// then the upgrades committee). Emits {RoleSinkSet}.
    function setRoleSink(address sink) external restricted {
        _getStorage().roleSink = IRoleSink(sink);
        emit RoleSinkSet(sink);
    }

    /// @notice The contract that mirrors role changes.
    function roleSink() external view returns (address) {
        return address(_getStorage().roleSink);
    }

    /// @notice Sets the contract told when an organization loses the redeemer role (the credit ledger). Restricted
    /// (the factory at deployment, then the upgrades committee). Emits {RedeemerSinkSet}.
    function setRedeemerSink(address sink) external restricted {
        _getStorage().redeemerSink = IRedeemerSink(sink);
        emit RedeemerSinkSet(sink);
    }

    /// @notice The contract told when an organization loses the redeemer role.
    function redeemerSink() external view returns (address) {
        return address(_getStorage().redeemerSink);
    }

    function _sync(AccreditationStorage storage $, address org, uint8 before, uint8 roles) private {
        IRoleSink sink = $.roleSink;
        if (address(sink) != address(0)) sink.syncRoles(org, roles);
        IRedeemerSink redeemers = $.redeemerSink;
        if (before & OrgRoles.REDEEMER != 0 && roles & OrgRoles.REDEEMER == 0 && address(redeemers) != address(0)) {
            redeemers.onRedeemerRevoked(org);
        }
    }

    function _getStorage() private pure returns (AccreditationStorage storage $) {
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
