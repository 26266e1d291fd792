import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/webApp.js';
import { startTestDingo, type TestDingo } from '../harness.js';
import { TINY_PNG } from '../media.js';
import { connectSdkBot, pointSdkAt, type SdkBot } from '../streamBot.js';
import { launchChromium, type HeadlessBrowser } from './chromium.js';

/**
 * Users write in a group in a real Chromium: the member opens the group, which holds no message yet,
 * from the chat list; `@` picks the robot, a `dingtalk-stream` bot
 * answers through its sessionWebhook, and the answer appears live; a picture sent through the
 * composer shows in the chat. Needs the built client (dist/web): `npm test` builds it.
 */
describe('the group composer in Chromium', () => {
  const GROUP_CHAT = `/chats/${encodeURIComponent('group:cidGroupA==')}`;
  let dingo: TestDingo;
  let browser: HeadlessBrowser;
  let bot: SdkBot;
  let restoreAxios: () => void;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`The web client is not built (${WEB_ROOT} has no index.html). Run \`npm run build\` (npm test does) before the browser tests.`);
    }
    dingo = await startTestDingo();
    browser = await launchChromium();
    restoreAxios = pointSdkAt(dingo.url);
    bot = await connectSdkBot('appA', 'secretA', true);
    bot.client.registerCallbackListener('/v1.0/im/bot/messages/get', async (message) => {
      const payload = JSON.parse(message.data);
      const answer = payload.msgtype === 'text' ? `${payload.senderNick} asked: ${payload.text.content}` : `${payload.senderNick} sent a ${payload.msgtype}`;
      await fetch(payload.sessionWebhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'text', text: { content: answer } }) });
    });
  });

  afterAll(async () => {
    bot?.stop();
    restoreAxios?.();
    await browser?.close();
    await dingo?.close();
  });

  it('opens the empty group from the list, types @, picks the robot, sends; the answer appears live; a picture shows in the chat', async () => {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${dingo.url}/?corpId=corpA&userId=bob`);
    const listed = page.getByRole('list', { name: 'Chats' }).getByRole('link', { name: /^Team A/ });
    expect(await listed.locator('.chat-list__preview').textContent()).toBe('Group · 3 members · robots: Robot A, Stopped Robot, Suite Bot');
    await listed.click();
    await page.waitForURL(`${dingo.url}${GROUP_CHAT}`);
    await page.getByText('No messages in this chat').waitFor();
    const input = page.getByLabel('Message to Team A');
    await input.pressSequentially('@');
    const picker = page.getByRole('listbox', { name: 'Mention a robot' });
    expect(await picker.getByRole('option').allTextContents()).toEqual(['RRobot A', 'SStopped Robot', 'SSuite Bot']);
    await picker.getByRole('button', { name: 'Robot A' }).click();
    expect(await input.inputValue()).toBe('@Robot A ');
    await input.pressSequentially('status?');
    await page.getByRole('button', { name: 'Send' }).click();

    await expect.poll(() => page.locator('.message-row--own .bubble').allTextContents()).toEqual(['@Robot A status?']);
    const answer = page.locator('.message-row:not(.message-row--own)').last();
    await answer.getByText('Bob asked: @Robot A status?').waitFor();
    expect(await answer.locator('.message-row__sender').textContent()).toBe('Robot A');

    // A picture goes to nobody without a mention, so mention the robot first: the picture carries the text.
    await input.fill('@Robot A');
    await page.getByLabel('Attach a picture or a file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: TINY_PNG });
    const picture = page.locator('.message-row--own img.image-message');
    await picture.waitFor();
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await page.getByRole('list', { name: 'Messages' }).getByText('Bob sent a richText').waitFor();
    expect(await picture.locator('xpath=..').locator('.bubble').textContent()).toBe('@Robot A');
    await page.close();
  });
});
