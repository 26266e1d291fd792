import ChatBot from 'dingtalk-robot-sender';
import { describe, expect, it } from 'vitest';
import type { TestDingo } from '../harness.js';
import { CUSTOM_ROBOT_SECRET, CUSTOM_ROBOT_SEED } from '../customRobotSeed.js';
import { chromiumSuite, type HeadlessBrowser } from './chromium.js';

/**
 * A custom robot in a real Chromium: what a monitoring tool posts to its webhook shows in the
 * group from the custom robot, its @-mention highlighted; the console shows the webhook URL.
 */
describe('custom robots in Chromium', () => {
  let dingo: TestDingo;
  let browser: HeadlessBrowser;
  chromiumSuite((started) => ({ dingo, browser } = started), CUSTOM_ROBOT_SEED);

  it("shows a custom robot's markdown in the group, from the robot, with the mentioned member highlighted", async () => {
    const alerts = new ChatBot({ baseUrl: `${dingo.url}/robot/send`, accessToken: 'tok-signed', secret: CUSTOM_ROBOT_SECRET });
    const sent = await alerts.markdown('Disk full', '### Disk full on db-1\n@13800000003 please look', { atMobiles: ['13800000003'] });
    expect(sent.data).toEqual({ errcode: 0, errmsg: 'ok' });

    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${dingo.url}/chats/${encodeURIComponent('group:cidGroupA==')}?corpId=corpA&userId=bob`);
    const row = page.locator('.message-row', { has: page.locator('.markdown-body') });
    await row.waitFor();
    expect(await row.locator('.message-row__sender').textContent()).toBe('Alerts');
    expect(await row.locator('.avatar--customRobot').count()).toBe(1);
    expect(await row.locator('.markdown-body h3').textContent()).toBe('Disk full on db-1');
    expect(await row.locator('.markdown-body .mention').allTextContents()).toEqual(['@Carol']);
    await page.close();
  });

  it('shows each custom robot with its webhook URL and secret in the console', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${dingo.url}/console?corpId=corpA&userId=alice`);
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Directory' }).click();
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Custom robots' }) });
    const row = section.locator('tr', { hasText: 'Alerts' });
    await row.waitFor();
    expect(await row.locator('.copyable__text').allTextContents()).toEqual([`${dingo.url}/robot/send?access_token=tok-signed`, CUSTOM_ROBOT_SECRET]);
    expect(await row.getByRole('button', { name: 'Copy the webhook URL of Alerts' }).count()).toBe(1);
    await page.close();
  });
});
