import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedFile } from '../../src/domain/seed.js';
import type { TestDingo } from '../harness.js';
import { connectSdkBot, pointSdkAt, type SdkBot } from '../streamBot.js';
import { chromiumSuite, type HeadlessBrowser } from './chromium.js';

/**
 * A bot team's own seed: one user, their bot (and a stopped one), no messages anywhere. In a real
 * Chromium the user starts a chat with the bot from "New chat" and writes first; the bot, a
 * `dingtalk-stream` client, answers through its sessionWebhook. Needs the built client (dist/web).
 */
const BOT_TEAM_SEED: SeedFile = {
  corps: [
    {
      corpId: 'dingteam',
      name: 'Bot Team',
      users: [{ userId: 'tess', name: 'Tess' }],
      apps: [{ appKey: 'dinghelper', appSecret: 'helper-secret', name: 'Helper', robots: [{ name: 'Helper Bot' }, { robotCode: 'retiredBot', name: 'Retired Bot', status: 'stopped' }] }],
    },
  ],
};

describe('New chat in Chromium', () => {
  let dingo: TestDingo;
  let browser: HeadlessBrowser;
  let bot: SdkBot;
  let restoreAxios: () => void;
  chromiumSuite((started) => ({ dingo, browser } = started), BOT_TEAM_SEED);

  beforeAll(async () => {
    restoreAxios = pointSdkAt(dingo.url);
    bot = await connectSdkBot('dinghelper', 'helper-secret', true);
    bot.client.registerCallbackListener('/v1.0/im/bot/messages/get', async (message) => {
      const payload = JSON.parse(message.data);
      const answer = { msgtype: 'text', text: { content: `${payload.senderNick} said: ${payload.text.content}` } };
      await fetch(payload.sessionWebhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) });
    });
  });
  afterAll(() => {
    bot?.stop();
    restoreAxios?.();
  });

  it('starts a chat with the bot from the picker, writes first, and the answer appears live', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${dingo.url}/?corpId=dingteam&userId=tess`);
    await page.getByText('No chats yet').waitFor();

    await page.getByRole('button', { name: 'New chat' }).click();
    const picker = page.getByRole('list', { name: 'Start a chat with a robot' });
    expect(await picker.getByRole('button').allTextContents()).toEqual(['HHelper Bot']);
    await picker.getByRole('button', { name: 'Helper Bot' }).click();
    await page.waitForURL(`${dingo.url}/chats/${encodeURIComponent('oto:dinghelper')}`);
    await page.getByText('No messages in this chat').waitFor();
    expect(await picker.count()).toBe(0);
    expect(await page.getByText('No chats yet').count()).toBe(1);

    await page.getByLabel('Message to Helper Bot').fill('hello?');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('.message-row--own .bubble').allTextContents()).toEqual(['hello?']);
    await page.getByRole('list', { name: 'Messages' }).getByText('Tess said: hello?').waitFor();
    const listed = page.getByRole('list', { name: 'Chats' }).getByRole('link', { name: /^Helper Bot/ });
    await expect.poll(() => listed.locator('.chat-list__preview').textContent()).toBe('Tess said: hello?');
    await page.close();
  });
});
