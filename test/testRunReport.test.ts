import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/packageRoot.js';
import { closingLine, judgeTestRun, parseVitestJsonReport, type VitestJsonReport } from './testRunReport.js';

function report(counts: Partial<VitestJsonReport>): VitestJsonReport {
  return { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, testResults: [], ...counts };
}

describe('judging a test run from its report', () => {
  it('is green when enough tests passed and none failed or was skipped', () => {
    const verdict = judgeTestRun(report({ numPassedTests: 12 }), 10);
    expect(verdict.problems).toEqual([]);
    expect(closingLine(verdict)).toBe('12 passed, 0 failed');
  });

  it('is red when nothing ran, whatever the minimum', () => {
    const verdict = judgeTestRun(report({}), 0);
    expect(verdict.problems).toEqual(['0 tests passed, at least 1 expected: tests did not run']);
    expect(closingLine(verdict)).toBe('0 passed, 0 failed');
  });

  it('is red when fewer tests passed than the minimum (a project that stopped running)', () => {
    expect(judgeTestRun(report({ numPassedTests: 493 }), 700).problems).toEqual([
      '493 tests passed, at least 700 expected: tests did not run',
    ]);
  });

  it('is red when a test failed, and names a file that failed to load', () => {
    const verdict = judgeTestRun(
      report({
        numPassedTests: 20,
        numFailedTests: 1,
        testResults: [
          { name: '/repo/test/a.test.ts', status: 'failed', message: '' },
          { name: '/repo/test/b.test.ts', status: 'failed', message: 'Cannot find module ./gone.js' },
          { name: '/repo/test/c.test.ts', status: 'passed', message: '' },
        ],
      }),
      10,
    );
    expect(verdict.problems).toEqual(['tests failed: 1', '/repo/test/b.test.ts: Cannot find module ./gone.js']);
    expect(closingLine(verdict)).toBe('20 passed, 1 failed');
  });

  it('is red when tests were skipped, and says how many', () => {
    const verdict = judgeTestRun(report({ numPassedTests: 20, numPendingTests: 2, numTodoTests: 1 }), 10);
    expect(verdict.problems).toEqual(['tests skipped or todo: 3']);
    expect(closingLine(verdict)).toBe('20 passed, 0 failed, 3 skipped');
  });

  it('refuses text that is not a vitest JSON report', () => {
    expect(() => parseVitestJsonReport('{"numPassedTests": "many"}')).toThrow('not a vitest JSON report');
  });
});

describe('test/checkTestRun.ts, the check .ci/run makes after the tests', () => {
  const directory = mkdtempSync(join(tmpdir(), 'dingo-check-test-run-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  function checkTestRun(reportPath: string, minimum: number) {
    return promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/checkTestRun.ts', reportPath, String(minimum)], {
      cwd: PACKAGE_ROOT,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  it('exits 0 and prints the closing line alone on its line for a green run', async () => {
    const reportPath = join(directory, 'green.json');
    writeFileSync(reportPath, JSON.stringify(report({ numPassedTests: 3 })));
    expect(await checkTestRun(reportPath, 3)).toEqual({ code: 0, stdout: '3 passed, 0 failed\n', stderr: '' });
  });

  it('exits 1 when the run executed nothing (the report of a failed global setup)', async () => {
    const reportPath = join(directory, 'empty.json');
    writeFileSync(reportPath, JSON.stringify(report({})));
    const result = await checkTestRun(reportPath, 3);
    expect(result).toMatchObject({ code: 1, stdout: '0 passed, 0 failed\n' });
    expect(result.stderr).toContain('tests did not run');
  });

  it('exits 1 when there is no report (the run did not finish)', async () => {
    const result = await checkTestRun(join(directory, 'missing.json'), 3);
    expect(result).toMatchObject({ code: 1, stdout: '0 passed, 0 failed\n' });
    expect(result.stderr).toContain('the test run did not finish');
  });
});
