import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDingo, type TestDingo } from '../harness.js';
import { launchChromium, type HeadlessBrowser } from './chromium.js';

/** The API documentation (Swagger UI) under its Content-Security-Policy, in a real Chromium. */
describe('the API documentation page (Chromium)', () => {
  let dingo: TestDingo;
  let browser: HeadlessBrowser;
  beforeAll(async () => {
    dingo = await startTestDingo();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await dingo?.close();
  });

  it('renders the operations with nothing refused by the policy', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    try {
      await page.goto(`${dingo.url}/docs`);
      await page.getByText('Dingo — DingTalk robot messaging API').first().waitFor();
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.opblock').count()).toBeGreaterThan(10);
      expect(refused).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
