import { describe, expect, it } from 'vitest';
import type { TestDingo } from '../harness.js';
import { type HeadlessBrowser, chromiumSuite } from './chromium.js';

/**
 * The dev-mode console in a real Chromium (docs/behaviour.md, Web client and console): a fresh
 * browser, no sign-in, a corp picker, and a robot's delivery log. Needs the built client (dist/web).
 */
describe('the dev-mode console (Chromium)', () => {
  let dingo: TestDingo;
  let browser: HeadlessBrowser;
  chromiumSuite((started) => ({ dingo, browser } = started));

  it("opens with no sign-in, lets one pick a corp, and shows a robot's delivery log", async () => {
    await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'bob', robotCode: 'appA', text: 'is anybody listening?' } });
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`${dingo.url}/console`);
      await page.getByRole('paragraph').filter({ hasText: 'Pick a corp' }).waitFor();
      expect(await browser.context.cookies()).toEqual([]);
      await page.getByRole('combobox', { name: 'Corp' }).selectOption('corpA');
      await page.getByRole('link', { name: 'Robots' }).click();
      expect(new URL(page.url()).search).toBe('?tab=robots&corpId=corpA');

      const robotA = page.locator('section.robot-reception', { has: page.getByRole('heading', { name: 'Robot A (appA)' }) });
      await robotA.getByText('is anybody listening?').waitFor();
      expect(await robotA.locator('.robot-reception__summary').textContent()).toBe('Receives by Stream mode · no live connection');
      const row = robotA.locator('table.delivery-log tbody tr').first();
      expect(await row.locator('td').nth(1).textContent()).toBe('Bob');
      expect(await row.locator('.status-pill').textContent()).toBe('waiting');
      expect(await row.locator('.delivery-log__event').allTextContents()).toEqual(['queued']);

      // Another corp, by its URL.
      await page.goto(`${dingo.url}/console?tab=robots&corpId=corpB`);
      await page.getByRole('heading', { name: 'Robot B (appB)' }).waitFor();
      await page.getByRole('option', { name: 'Corp B (corpB)' }).waitFor({ state: 'attached' });
      expect(await page.getByRole('combobox', { name: 'Corp' }).inputValue()).toBe('corpB');
    } finally {
      await page.close();
    }
  });

  it("shows an app's secret only when Show asks the server for it, and forgets it on Hide", async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    try {
      await page.goto(`${dingo.url}/console?corpId=corpA`);
      await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Directory' }).click();
      const row = page.locator('section', { has: page.getByRole('heading', { name: 'Apps' }) }).locator('tr', { hasText: 'appA2' });
      const secret = row.locator('.secret .mono');
      await secret.waitFor();
      expect(await secret.textContent()).toBe('••••••••');
      await row.getByRole('button', { name: 'Show' }).click();
      await row.getByText('secretA2').waitFor();
      await row.getByRole('button', { name: 'Hide' }).click();
      expect(await secret.textContent()).toBe('••••••••');
    } finally {
      await page.close();
    }
  });
});
