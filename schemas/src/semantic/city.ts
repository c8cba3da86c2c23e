import type { CityConfig } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { type SemanticCheck, repeats } from './context.js';
import { checkVaultSplit } from './vaultSplit.js';

const committeeNames = ['accreditation', 'issuance', 'rates', 'modules', 'vault', 'upgrades'] as const;

/**
 * City rules beyond the schema: a committee's threshold fits its members, each of the six committees appears
 * exactly once, no address is listed twice, ratios and bounds are ordered, the bounding box is not inverted, and
 * the install policy can be met, and the vault's split sums to 100% with every line inside its bounds.
 */
export const checkCity: SemanticCheck<CityConfig> = (city, { file }) => {
  const issues: ValidationIssue[] = [];
  const at = (pointer: string, message: string, extra: { value?: unknown; allowed?: string } = {}): void => {
    issues.push(issueAt(file, pointer, message, extra));
  };

  city.committees.forEach((committee, i) => {
    const base = pointerJoin('', 'committees', i);
    for (const { index, first } of repeats(committee.members, (m) => m.toLowerCase())) {
      const member = committee.members[index];
      at(pointerJoin(base, 'members', index), `${showValue(member)} is already member ${first}`, { value: member });
    }
    if (committee.threshold > committee.members.length) {
      at(
        pointerJoin(base, 'threshold'),
        `${committee.threshold} is more than the ${committee.members.length} members`,
        { value: committee.threshold },
      );
    }
  });
  for (const { index, first } of repeats(city.committees, (c) => c.name)) {
    const name = city.committees[index]?.name;
    at(pointerJoin('', 'committees', index, 'name'), `${showValue(name)} is already committee ${first}`, {
      value: name,
    });
  }
  const present = new Set(city.committees.map((c) => c.name));
  for (const name of committeeNames.filter((n) => !present.has(n))) {
    at('/committees', `missing committee "${name}"`, { allowed: `each of ${committeeNames.join(', ')} exactly once` });
  }

  const { south, west, north, east } = city.boundingBox;
  if (north <= south) {
    at('/boundingBox/north', `${north} is not north of south ${south}`, { value: north, allowed: `more than ${south}` });
  }
  if (east <= west) {
    at('/boundingBox/east', `${east} is not east of west ${west}`, { value: east, allowed: `more than ${west}` });
  }

  const { ratioBps, minBps, maxBps } = city.issuance.coverage;
  if (minBps > maxBps) {
    at('/issuance/coverage/minBps', `${minBps} is more than maxBps ${maxBps}`, { value: minBps });
  } else if (ratioBps < minBps || ratioBps > maxBps) {
    at('/issuance/coverage/ratioBps', `${ratioBps} is outside minBps..maxBps`, {
      value: ratioBps,
      allowed: `${minBps} to ${maxBps}`,
    });
  }
  for (const [pointer, bounds] of [
    ['/issuance/rateBounds', city.issuance.rateBounds],
    ['/redemption/priceBounds', city.redemption.priceBounds],
  ] as const) {
    if (bounds.min > bounds.max) at(`${pointer}/min`, `${bounds.min} is more than max ${bounds.max}`, { value: bounds.min });
  }

  for (const [pointer, addresses] of [
    ['/guardians', city.guardians ?? []],
    ['/installPolicy/trustedAuditors', city.installPolicy.trustedAuditors],
  ] as const) {
    for (const { index, first } of repeats(addresses, (a) => a.toLowerCase())) {
      at(pointerJoin(pointer, index), `${showValue(addresses[index])} repeats item ${first}`, {
        value: addresses[index],
      });
    }
  }
  const budgets = city.budgets ?? [];
  for (const { index, first } of repeats(budgets, (b) => b.module)) {
    const module = budgets[index]?.module;
    at(pointerJoin('/budgets', index, 'module'), `${showValue(module)} already has budget line ${first}`, {
      value: module,
    });
  }

  const { trustedAuditors, minAttestations, allowUnaudited } = city.installPolicy;
  if (!allowUnaudited && minAttestations > trustedAuditors.length) {
    at(
      '/installPolicy/minAttestations',
      `${minAttestations} is more than the ${trustedAuditors.length} trusted auditors, so no module could be installed`,
      { value: minAttestations, allowed: `0 to ${trustedAuditors.length}` },
    );
  }
  if (city.vault !== undefined) issues.push(...checkVault(city.vault, file));
  return issues;
};

/** The vault's yield source and bounds, and the rules `YieldSplitter.setSplit` enforces, before anything is deployed. */
function checkVault(vault: NonNullable<CityConfig['vault']>, file: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (vault.asset !== 'test' && vault.yieldSource === undefined) {
    issues.push(
      issueAt(file, '/vault/yieldSource', 'missing: a real asset needs the ERC-4626 yield source its principal earns in', {
        allowed: 'an address, or "asset": "test" on a demo chain',
      }),
    );
  }
  const { minBps, maxBps } = vault.lineBounds;
  if (maxBps === 0 || minBps > maxBps) {
    issues.push(
      issueAt(file, '/vault/lineBounds/minBps', `${minBps} to ${maxBps} is not a range a line's share can be in`, {
        value: minBps,
        allowed: `minBps <= maxBps, maxBps >= 1`,
      }),
    );
  }
  const lines = vault.budgetLines.map((line) => ({ ...line, capIsZero: /^0+(\.0+)?$/.test(line.capPerPeriod) }));
  issues.push(...checkVaultSplit(lines, { minBps, maxBps }, { file, pointer: '/vault/budgetLines' }));
  return issues;
}
