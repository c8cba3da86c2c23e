// Parsers of option and argument values. Each throws CliUsageError naming the option and what it accepts, before
// anything is sent to a chain.
import { type Address, type Hex, getAddress, isAddress, isHex } from 'viem';

import { OrgRoles } from '@citysync/sdk';
import { CliUsageError } from './errors.js';

/** A non-negative integer (ids, credits, units). */
export function parseUint(value: string, what: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new CliUsageError(`${what} must be a whole number >= 0, got "${value}".`);
  return BigInt(value.trim());
}

/** A non-negative integer that fits a JavaScript number below `max`. */
export function parseSmallUint(value: string, what: string, max: number): number {
  const parsed = parseUint(value, what);
  if (parsed > BigInt(max)) throw new CliUsageError(`${what} must be at most ${max}, got ${value}.`);
  return Number(parsed);
}

export function parseAddress(value: string, what: string): Address {
  if (!isAddress(value, { strict: false })) {
    throw new CliUsageError(`${what} must be a 0x-prefixed 20-byte address, got "${value}".`);
  }
  return getAddress(value);
}

export function parseBytes32(value: string, what: string): Hex {
  if (!isHex(value) || value.length !== 66) throw new CliUsageError(`${what} must be a 0x-prefixed 32-byte hex, got "${value}".`);
  return value;
}

/** `--roles issuer,verifier` -> the OrgRoles bit flags. */
export function parseRoles(value: string): number {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const allowed = Object.keys(OrgRoles).filter((name) => name !== 'ALL').map((name) => name.toLowerCase());
  let roles = 0;
  for (const name of names) {
    const flag = (OrgRoles as Record<string, number>)[name.toUpperCase()];
    if (flag === undefined || name === 'all') {
      throw new CliUsageError(`--roles: unknown role "${name}"; allowed: ${allowed.join(', ')}.`);
    }
    roles |= flag;
  }
  if (roles === 0) throw new CliUsageError(`--roles needs at least one of: ${allowed.join(', ')}.`);
  return roles;
}

/** The role names of OrgRoles bit flags, e.g. 5 -> ['issuer', 'verifier']. */
export function roleNames(roles: number): string[] {
  return Object.entries(OrgRoles)
    .filter(([name, flag]) => name !== 'ALL' && (roles & flag) !== 0)
    .map(([name]) => name.toLowerCase());
}

/** `1,2` -> [1, 2]: dev account indexes. */
export function parseIndexList(value: string, what: string): number[] {
  return value.split(',').map((part) => parseSmallUint(part, what, 2 ** 31 - 1));
}

const units: Record<string, number> = { s: 1, m: 60, h: 3_600, d: 86_400, w: 604_800 };

/** `90m`, `12h`, `2d`, `1w`, or plain seconds. */
export function parseDuration(value: string, what: string): bigint {
  const match = /^(\d+)\s*([smhdw]?)$/.exec(value.trim());
  if (match === null) throw new CliUsageError(`${what} must be a duration like 90m, 12h, 2d or 1w, got "${value}".`);
  return BigInt(match[1] ?? '0') * BigInt(units[match[2] || 's'] ?? 1);
}

/** Unix seconds, or an ISO 8601 date. */
export function parseTime(value: string, what: string): bigint {
  if (/^\d+$/.test(value.trim())) return BigInt(value.trim());
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CliUsageError(`${what} must be Unix seconds or an ISO date, got "${value}".`);
  return BigInt(Math.floor(ms / 1000));
}
