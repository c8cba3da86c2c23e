import { type GraduationReport, showCheckValue } from './grade.js';

/**
 * The graduation report as text, one block per criterion, each failing check at its place in `recordFile`:
 *
 *     MCE west-berkeley-blight-2026-05 (Berkeley, BRKY) graduates: 4 of 4 criteria pass
 *     pass  Verification reliability (verification-reliability)
 *           93.7% of the 412 completions were verified without dispute (...): at least 90% required.
 */
export function formatGraduationReport(report: GraduationReport, recordFile = 'record.json'): string {
  const passed = report.criteria.filter((c) => c.pass).length;
  const { id, city, ticker } = report.event;
  const verdict = report.pass ? 'graduates' : 'does not graduate';
  const lines = [`MCE ${id} (${city}, ${ticker}) ${verdict}: ${passed} of ${report.criteria.length} criteria pass`];
  for (const c of report.criteria) {
    lines.push(`${c.pass ? 'pass' : 'FAIL'}  ${c.title} (${c.id})`, `      ${c.why}`);
    for (const check of c.checks.filter((k) => !k.pass)) {
      const sign = check.bound === 'min' ? '<' : '>';
      lines.push(
        `      ${recordFile}#${check.pointer}: ${check.measure} ${showCheckValue(check, check.value)} ${sign} ${showCheckValue(check, check.threshold)} (${check.parameter})`,
      );
    }
  }
  return lines.join('\n');
}
