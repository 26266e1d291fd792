/**
 * Checks a finished test run from vitest's JSON report and prints its closing line:
 *   node --import tsx test/checkTestRun.ts <report.json> <minimum passed tests>
 * Exits 1, after saying why, when the report is missing (the run did not finish), when fewer tests passed than the
 * minimum, or when any failed or was skipped.
 */
import { readFileSync } from 'node:fs';
import { closingLine, judgeTestRun, parseVitestJsonReport } from './testRunReport.js';

const [reportPath, minimumText] = process.argv.slice(2);
const minimumPassed = Number(minimumText);
if (reportPath === undefined || !Number.isInteger(minimumPassed)) {
  console.error('usage: checkTestRun.ts <vitest JSON report> <minimum passed tests>');
  process.exit(2);
}

let reportText: string;
try {
  reportText = readFileSync(reportPath, 'utf8');
} catch {
  console.error(`no test report at ${reportPath}: the test run did not finish`);
  console.log('0 passed, 0 failed');
  process.exit(1);
}
const verdict = judgeTestRun(parseVitestJsonReport(reportText), minimumPassed);
for (const problem of verdict.problems) console.error(problem);
console.log(closingLine(verdict));
process.exitCode = verdict.problems.length === 0 ? 0 : 1;
