// SPDX-License-Identifier: MIT
pragma solidity 0.8.29;

/// @title Roles
/// @notice AccessManager role ids shared by every City/Sync contract. A committee holds its role with an execution
/// delay, so each call it makes must be scheduled and wait; no single key holds any of these roles.
library Roles {
    /// @dev OpenZeppelin AccessManager's admin role; after deployment only the upgrades committee holds it.
    uint64 internal constant ADMIN = 0;
    uint64 internal constant ACCREDITATION_COMMITTEE = 1;
    uint64 internal constant ISSUANCE_COMMITTEE = 2;
    uint64 internal constant RATES_COMMITTEE = 3;
    uint64 internal constant MODULES_COMMITTEE = 4;
    uint64 internal constant VAULT_COMMITTEE = 5;
    uint64 internal constant UPGRADES_COMMITTEE = 6;
    /// @dev May cancel scheduled operations of every committee role; can never execute one. OpenZeppelin's
    /// AccessManager gives the ADMIN role no guardian, so the AccessManager's own admin operations (role grants)
    /// scheduled by the upgrades committee can be cancelled only by the committee itself.
    uint64 internal constant GUARDIAN = 7;
    /// @dev Parameters residents may move through the Governor; also held by the issuance committee.
    uint64 internal constant COVERAGE_SETTER = 8;
    /// @dev The module kernel: admin of every role a module may request, and of nothing else.
    uint64 internal constant KERNEL = 9;
    /// @dev A role modules may request: fund tasks from the module's own budget line (see IssuanceController).
    uint64 internal constant MODULE_OPERATOR = 100;
    uint64 internal constant PUBLIC = type(uint64).max;
}

/// @title OrgRoles
/// @notice Bit flags of the organization roles the accreditation committee grants.
library OrgRoles {
    uint8 internal constant ISSUER = 1;
    uint8 internal constant REDEEMER = 2;
    uint8 internal constant VERIFIER = 4;
    uint8 internal constant AUDITOR = 8;
    /// @dev A city relayer: may submit participants' signed requests through the forwarder.
    uint8 internal constant RELAYER = 16;
    uint8 internal constant ALL = 31;
}
