import type { DpanManifest } from '../generated/types.js';
import { type ValidationIssue, issueAt, pointerJoin, showValue } from '../issues.js';
import { type SemanticCheck, repeats } from './context.js';

/**
 * Manifest rules beyond the schema that need no other file: a module is not forked from itself, and contract
 * names, permissions and outcome metric ids are unique. The files it references are checked by `validatePath`.
 */
export const checkManifest: SemanticCheck<DpanManifest> = (manifest, { file }) => {
  const issues: ValidationIssue[] = [];
  const self = `${manifest.name}@${manifest.version}`;
  if (manifest.forkedFrom === self) {
    issues.push(
      issueAt(file, '/forkedFrom', `${showValue(self)} is this module itself`, {
        value: self,
        allowed: 'null, or the name@version of another module',
      }),
    );
  }
  const unique = <T>(pointer: string, items: readonly T[], keyOf: (item: T) => string, field: string, what: string) => {
    for (const { index, first } of repeats(items, keyOf)) {
      const item = items[index];
      const key = item === undefined ? '' : keyOf(item);
      issues.push(
        issueAt(file, pointerJoin(pointer, index, ...(field ? [field] : [])), `${showValue(key)} is already ${what} ${first}`, {
          value: key,
        }),
      );
    }
  };
  unique('/contracts', manifest.contracts, (c) => c.name, 'name', 'contract');
  unique('/permissions', manifest.permissions, (p) => `${p.target}.${p.function}`, '', 'permission');
  unique('/outcomeMetrics', manifest.outcomeMetrics, (m) => m.id, 'id', 'outcome metric');
  return issues;
};
