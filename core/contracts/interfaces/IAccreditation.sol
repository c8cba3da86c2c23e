// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title IAccreditation
/// @notice Which organizations the city has accredited, and for which roles (bit flags from {OrgRoles}).
interface IAccreditation {
    /// @notice The role flags `org` currently holds (0 when not accredited or revoked).
    function rolesOf(address org) external view returns (uint8);

    /// @notice Whether `org` currently holds every flag in `roles`.
    function hasRoles(address org, uint8 roles) external view returns (bool);

    /// @notice Whether `org` holds at least one flag in `roles`.
    function hasAnyRole(address org, uint8 roles) external view returns (bool);
}
