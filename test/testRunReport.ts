/** The parts of vitest's JSON report (`--reporter=json`) that say what a test run executed. */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; message: string }[];
}

export interface TestRunVerdict {
  passed: number;
  failed: number;
  skipped: number;
  /** Why the run does not count as green; empty when it does. */
  problems: string[];
}

/**
 * Judges a test run from its report: it is green only when at least `minimumPassed` tests passed (so a run that
 * executed nothing, or lost a whole project, is red even if vitest exited 0), none failed, no test file failed to
 * load, and none was skipped (the project keeps no skipped tests).
 */
export function judgeTestRun(report: VitestJsonReport, minimumPassed: number): TestRunVerdict {
  const passed = report.numPassedTests;
  const failed = report.numFailedTests;
  const skipped = report.numPendingTests + report.numTodoTests;
  const problems: string[] = [];
  if (passed < Math.max(1, minimumPassed)) {
    problems.push(`${passed} tests passed, at least ${Math.max(1, minimumPassed)} expected: tests did not run`);
  }
  if (failed > 0) problems.push(`tests failed: ${failed}`);
  for (const file of report.testResults) {
    if (file.status === 'failed' && file.message !== '') problems.push(`${file.name}: ${file.message}`);
  }
  if (skipped > 0) problems.push(`tests skipped or todo: ${skipped}`);
  return { passed, failed, skipped, problems };
}

/** The closing line of a test run, alone on its line: `N passed, N failed` and `, N skipped` when some were. */
export function closingLine({ passed, failed, skipped }: TestRunVerdict): string {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

/** Reads a vitest JSON report; throws when the text is not one. */
export function parseVitestJsonReport(text: string): VitestJsonReport {
  const report: unknown = JSON.parse(text);
  if (!isVitestJsonReport(report)) throw new Error('not a vitest JSON report');
  return report;
}

function isVitestJsonReport(value: unknown): value is VitestJsonReport {
  if (typeof value !== 'object' || value === null) return false;
  const report = value as Record<string, unknown>;
  return (
    ['numPassedTests', 'numFailedTests', 'numPendingTests', 'numTodoTests'].every((key) => typeof report[key] === 'number') &&
    Array.isArray(report.testResults)
  );
}
