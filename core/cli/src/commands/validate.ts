import { type ValidationIssue, formatIssue } from '@citysync/schemas';
import { type ValidatedFile, validatePathReport } from '@citysync/schemas/node';

import { type OutputOptions, defineCommand } from '../command.js';

export type ValidateResult = { valid: boolean; files: ValidatedFile[]; issues: ValidationIssue[] };

/**
 * `dpan validate <paths...>`: every recognised file under each path against its schema and the rules checked in
 * code. Nothing recognised counts as a failure, so a typo in a path never passes silently.
 */
export const validate = defineCommand(
  async (paths: string[], _options: OutputOptions): Promise<ValidateResult> => {
    const files: ValidatedFile[] = [];
    const issues: ValidationIssue[] = [];
    for (const path of paths) {
      const report = validatePathReport(path);
      files.push(...report.files);
      issues.push(...report.issues);
    }
    return { valid: issues.length === 0 && files.length > 0, files, issues };
  },
  {
    render: ({ files, issues }) => {
      if (files.length === 0 && issues.length === 0) {
        return 'no City/Sync file recognised (city.json, governance.json, dpan.json, or a file whose $schema is ours)';
      }
      const checked = `${files.length} file${files.length === 1 ? '' : 's'} checked`;
      if (issues.length === 0) return `valid: ${checked} (${files.map((f) => `${f.file} as ${f.kind}`).join(', ')})`;
      return [...issues.map(formatIssue), `${issues.length} issue${issues.length === 1 ? '' : 's'}; ${checked}`].join('\n');
    },
    failed: ({ valid }) => !valid,
  },
);
