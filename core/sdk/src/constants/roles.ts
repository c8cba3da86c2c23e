/** Organization role bit flags granted by the accreditation committee (`OrgRoles` in libraries/Roles.sol). */
export const OrgRoles = {
  ISSUER: 1,
  REDEEMER: 2,
  VERIFIER: 4,
  AUDITOR: 8,
  /** May submit participants' signed requests through the city's forwarder. */
  RELAYER: 16,
  ALL: 31,
} as const;

export type OrgRole = (typeof OrgRoles)[keyof typeof OrgRoles];

/** AccessManager role ids (`Roles` in libraries/Roles.sol). */
export const ManagerRoles = {
  ADMIN: 0n,
  ACCREDITATION_COMMITTEE: 1n,
  ISSUANCE_COMMITTEE: 2n,
  RATES_COMMITTEE: 3n,
  MODULES_COMMITTEE: 4n,
  VAULT_COMMITTEE: 5n,
  UPGRADES_COMMITTEE: 6n,
  GUARDIAN: 7n,
  COVERAGE_SETTER: 8n,
  KERNEL: 9n,
  MODULE_OPERATOR: 100n,
  PUBLIC: 2n ** 64n - 1n,
} as const;
