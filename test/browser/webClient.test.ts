import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WEB_ROOT } from '../../src/http/webApp.js';
import { robotSdk, runtime, startTestDingo, type TestDingo } from '../harness.js';
import { otoClient, sendOk, textTo, type OtoClient, type SendRequest } from '../oto.js';
import { connectSdkBot, pointSdkAt } from '../streamBot.js';
import { launchChromium, type HeadlessBrowser } from './chromium.js';

/**
 * The web client in a real headless Chromium against a real Dingo: messages
 * go in through the official SDK, and the test looks at what the recipient
 * and the admin see. Needs the built client (dist/web): `npm test` builds it.
 */

const ROBOT_CHAT = `/chats/${encodeURIComponent('oto:appA')}`;

function markdown(title: string, text: string): SendRequest {
  return { robotCode: 'appA', msgKey: 'sampleMarkdown', msgParam: JSON.stringify({ title, text }) };
}

describe('the web client in Chromium', () => {
  let dingo: TestDingo;
  let browser: HeadlessBrowser;
  let oto: OtoClient;
  let page: Page;
  const extraBrowsers: HeadlessBrowser[] = [];

  /** Messages of appA to `userIds`, through the SDK; answers the processQueryKey. */
  const send = async (userIds: string[], request: SendRequest) => (await sendOk(oto, { ...request, userIds })).processQueryKey;
  const readStatusOf = async (processQueryKey: string) => {
    const response = await oto.readStatus({ robotCode: 'appA', processQueryKey });
    return {
      sendStatus: response.body?.sendStatus,
      reads: Object.fromEntries((response.body?.messageReadInfoList ?? []).map((info) => [info.userId, info.readStatus])),
    };
  };

  /** A page signed in as `userId` of corpA through the dev deep link, on `path`. */
  async function openAs(target: Page, userId: string, path = '/'): Promise<void> {
    const separator = path.includes('?') ? '&' : '?';
    await target.goto(`${dingo.url}${path}${separator}corpId=corpA&userId=${userId}`);
    await target.locator('.app-header__corp', { hasText: `· ${userId}` }).waitFor();
  }

  /** The chat list's entry titled `title` (a group's preview names its robots, so match the title alone). */
  const chatItem = (target: Page, title: string) => target.locator('.chat-list__item').filter({ has: target.locator('.chat-list__title').getByText(title, { exact: true }) });

  /** A message row of the open chat, by its key. */
  const messageRow = (target: Page, processQueryKey: string) => target.locator(`.message-row[data-process-query-key="${processQueryKey}"]`);

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) {
      throw new Error(`The web client is not built (${WEB_ROOT} has no index.html). Run \`npm run build\` (npm test does) before the browser tests.`);
    }
    dingo = await startTestDingo();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await dingo?.close();
  });

  beforeEach(async () => {
    await dingo.http('/_dingo/reset', { method: 'POST' });
    oto = otoClient(dingo, await dingo.appToken('appA', 'secretA'));
    await browser.context.clearCookies();
    page = await browser.context.newPage();
    page.setDefaultTimeout(10_000);
  });

  afterEach(async () => {
    await page.close();
    for (const extra of extraBrowsers.splice(0)) await extra.close();
  });


  it('sends what the user types in the composer to a dingtalk-stream bot, whose sessionWebhook answer appears live', async () => {
    const restoreAxios = pointSdkAt(dingo.url);
    const bot = await connectSdkBot('appA', 'secretA', true);
    bot.client.registerCallbackListener('/v1.0/im/bot/messages/get', async (message) => {
      const { sessionWebhook, text } = JSON.parse(message.data);
      await fetch(sessionWebhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'markdown', markdown: { title: 'Echo', text: `**echo:** ${text.content}` } }) });
    });
    try {
      await openAs(page, 'alice', ROBOT_CHAT);
      await page.getByLabel('Message to Robot A').fill('ping from Chromium');
      await page.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => page.locator('.message-row--own .bubble').allTextContents()).toEqual(['ping from Chromium']);
      // The user's own message stands without a name or avatar; the robot's answer, on the left, with both.
      expect(await page.locator('.message-row--own .message-row__sender, .message-row--own .avatar').count()).toBe(0);
      const answer = page.locator('.message-row:not(.message-row--own)').last();
      await answer.locator('strong', { hasText: 'echo:' }).waitFor();
      expect(await answer.textContent()).toContain('ping from Chromium');
      expect(await answer.locator('.message-row__sender').textContent()).toBe('Robot A');
      expect(await answer.locator('.avatar--robot').count()).toBe(1);
      expect(await page.getByLabel('Message to Robot A').inputValue()).toBe('');
    } finally {
      bot.stop();
      restoreAxios();
    }
  });
  it('opens as a user through the dev deep link, and drops the link from the URL', async () => {
    await openAs(page, 'bob');
    expect(await page.locator('.app-header__name').textContent()).toBe('Bob');
    expect(await page.locator('.app-header__corp').textContent()).toContain('Corp A');
    expect(new URL(page.url()).search).toBe('');
    // Nothing was said yet: the list holds Bob's group alone, empty.
    await page.getByText('Pick a chat').waitFor();
    expect(await page.locator('.chat-list__title').allTextContents()).toEqual(['Team A']);
  });

  it('renders what a bot sent through the SDK: markdown headings, action card buttons as links, titles only as previews', async () => {
    const markdownKey = await send(['bob'], markdown('Weekly report', '## Heading\n\n- first\n- second\n\n[Dashboard](https://example.com/dashboard)'));
    const cardKey = await send(['bob'], {
      robotCode: 'appA',
      msgKey: 'sampleActionCard2',
      msgParam: JSON.stringify({
        title: 'Leave request',
        text: 'Approve **Bob**’s leave?',
        actionTitle1: 'Approve',
        actionURL1: 'https://example.com/leave/7/approve',
        actionTitle2: 'Reject',
        actionURL2: 'https://example.com/leave/7/reject',
      }),
    });
    await openAs(page, 'bob');
    const chatLink = chatItem(page, 'Robot A');
    expect(await chatLink.locator('.chat-list__preview').textContent()).toBe('Leave request');
    expect(await chatLink.locator('.badge').textContent()).toBe('2');
    await chatLink.click();

    const rendered = messageRow(page, markdownKey);
    // As on DingTalk, a markdown message or action card shows its body; its title is the preview text.
    expect(await rendered.getByRole('article', { name: 'Weekly report' }).locator('.markdown-body h2').textContent()).toBe('Heading');
    expect(await rendered.textContent()).not.toContain('Weekly report');
    expect(await rendered.locator('.markdown-body li').allTextContents()).toEqual(['first', 'second']);
    expect(await rendered.getByRole('link', { name: 'Dashboard' }).getAttribute('href')).toBe('https://example.com/dashboard');
    const card = messageRow(page, cardKey);
    expect(await card.getByRole('article', { name: 'Leave request' }).locator('.markdown-body').textContent()).toBe('Approve Bob’s leave?\n');
    expect(await card.textContent()).not.toContain('Leave request');
    expect(await card.getByRole('link', { name: 'Approve' }).getAttribute('href')).toBe('https://example.com/leave/7/approve');
    expect(await card.getByRole('link', { name: 'Reject' }).getAttribute('href')).toBe('https://example.com/leave/7/reject');
    expect(await card.locator('.message-row__sender').textContent()).toBe('Robot A');
    expect(new URL(page.url()).pathname).toBe(ROBOT_CHAT);
  });

  it('opening the chat reads it: readStatus turns READ, the badge clears, and a reload keeps the chat open', async () => {
    const key = await send(['bob', 'carol'], textTo('appA', [], 'Please read me'));
    expect(await readStatusOf(key)).toEqual({ sendStatus: 'SUCCESS', reads: { bob: 'UNREAD', carol: 'UNREAD' } });

    await openAs(page, 'bob');
    await page.locator('.chat-list__item .badge').waitFor();
    expect(await readStatusOf(key)).toEqual({ sendStatus: 'SUCCESS', reads: { bob: 'UNREAD', carol: 'UNREAD' } });
    await chatItem(page, 'Robot A').click();
    await messageRow(page, key).getByText('Please read me').waitFor();

    await expect.poll(async () => (await readStatusOf(key)).reads).toEqual({ bob: 'READ', carol: 'UNREAD' });
    await page.locator('.chat-list__item .badge').waitFor({ state: 'detached' });

    await page.reload();
    await messageRow(page, key).getByText('Please read me').waitFor();
    expect(new URL(page.url()).pathname).toBe(ROBOT_CHAT);
  });

  it('shows a new message live, reads it at once, and drops a recalled one, all without a reload', async () => {
    const first = await send(['bob'], textTo('appA', [], 'First'));
    await openAs(page, 'bob', ROBOT_CHAT);
    await messageRow(page, first).waitFor();
    await page.locator('.live-status--open').waitFor();
    await page.evaluate('window.__sameDocument = true');

    const second = await send(['bob'], markdown('Live one', '## Arrived live'));
    await messageRow(page, second).locator('h2', { hasText: 'Arrived live' }).waitFor();
    await expect.poll(async () => (await readStatusOf(second)).reads).toEqual({ bob: 'READ' });

    const recall = await oto.recall({ robotCode: 'appA', processQueryKeys: [second] });
    expect(recall.body?.successResult).toEqual([second]);
    await messageRow(page, second).waitFor({ state: 'detached' });
    expect(await messageRow(page, first).isVisible()).toBe(true);
    expect(await page.getByText('recalled', { exact: false }).count()).toBe(0);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
  });

  it('lists a group with its title and unread count among the other chats, live, and shows the robot as the sender of its messages', async () => {
    const direct = await send(['bob'], textTo('appA', [], 'Just for you'));
    await openAs(page, 'bob');
    await page.locator('.live-status--open').waitFor();
    const token = await dingo.appToken('appA', 'secretA');
    const groupSend = (content: string) =>
      dingo.robot.orgGroupSendWithOptions(
        new robotSdk.OrgGroupSendRequest({ openConversationId: 'cidGroupA==', robotCode: 'appA', msgKey: 'sampleText', msgParam: JSON.stringify({ content }) }),
        new robotSdk.OrgGroupSendHeaders({ xAcsDingtalkAccessToken: token }),
        runtime,
      );
    await groupSend('Stand-up in five minutes');
    const second = (await groupSend('Bring coffee')).body?.processQueryKey as string;

    // Newest first: the group arrived live above the one-to-one chat, with its two unread messages.
    const group = chatItem(page, 'Team A');
    await group.locator('.badge', { hasText: '2' }).waitFor();
    expect(await page.locator('.chat-list__title').allTextContents()).toEqual(['Team A', 'Robot A']);
    expect(await group.locator('.chat-list__preview').textContent()).toBe('Bring coffee');
    expect(await group.locator('.avatar--group').count()).toBe(1);

    await group.click();
    const row = messageRow(page, second);
    await row.getByText('Bring coffee').waitFor();
    expect(await row.locator('.message-row__sender').textContent()).toBe('Robot A');
    expect(await page.locator('.chat-pane__subtitle').textContent()).toContain('Group · 3 members');
    await group.locator('.badge').waitFor({ state: 'detached' });
    // Read for Bob only: the other members still have it unread, and the one-to-one chat is untouched.
    const readers = await dingo.robot.orgGroupQueryWithOptions(
      new robotSdk.OrgGroupQueryRequest({ openConversationId: 'cidGroupA==', robotCode: 'appA', processQueryKey: second }),
      new robotSdk.OrgGroupQueryHeaders({ xAcsDingtalkAccessToken: token }),
      runtime,
    );
    expect(readers.body?.readUserIds).toEqual(['bob']);
    expect(await chatItem(page, 'Robot A').locator('.badge').textContent()).toBe('1');
    expect((await readStatusOf(direct)).reads).toEqual({ bob: 'UNREAD' });
  });

  it('shows the groups in the console directory with owner, members and robots', async () => {
    await openAs(page, 'alice', '/console');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Directory' }).click();
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Groups' }) });
    const row = section.locator('tr', { hasText: 'cidGroupA==' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Team A');
    expect(await row.textContent()).toContain('Alice · Bob · Carol');
    expect(await row.textContent()).toContain('Robot A, Stopped Robot, Suite Bot');
  });

  it('runs nothing from hostile markdown: no event handlers, no javascript: links', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const key = await send(
      ['bob'],
      markdown(
        'Hostile',
        [
          'Look: <img src=x onerror="window.__pwned = 1; alert(1)">',
          '[click me](javascript:window.__pwned=2;alert(2))',
          '<a href="JaVaScRiPt:window.__pwned=3">also me</a>',
          '<script>window.__pwned = 4</script>',
          '<svg><script>window.__pwned = 5</script></svg>',
          '<iframe src="javascript:alert(6)"></iframe>',
        ].join('\n\n'),
      ),
    );
    await openAs(page, 'bob', ROBOT_CHAT);
    const row = messageRow(page, key);
    await row.getByText('click me').waitFor();
    await row.getByText('click me').click();
    await row.getByText('also me').click();
    await page.waitForTimeout(300);

    expect(dialogs).toEqual([]);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    const hrefs = (await page.evaluate('Array.from(document.querySelectorAll("[href], [src]"), (e) => e.getAttribute("href") ?? e.getAttribute("src"))')) as string[];
    expect(hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
    expect(await page.evaluate('document.querySelectorAll(".markdown-body script, .markdown-body iframe").length')).toBe(0);
    const handlers = await page.evaluate(
      'Array.from(document.querySelectorAll(".markdown-body *")).flatMap((e) => e.getAttributeNames().filter((n) => n.startsWith("on")))',
    );
    expect(handlers).toEqual([]);
    expect(new URL(page.url()).pathname).toBe(ROBOT_CHAT);
  });

  it('signs in through the form with a seeded password, after showing why a wrong one fails', async () => {
    const key = await send(['alice'], textTo('appA', [], 'Hello Alice'));
    await page.goto(dingo.url);
    await page.getByLabel('Organisation (corpId)').fill('corpA');
    await page.getByLabel('User ID').fill('alice');
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const error = page.locator('.sign-in [role="alert"]');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/\S/);

    await page.getByLabel('Password').fill('alice-pw');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('.app-header__name').textContent()).toBe('Alice');
    const chat = chatItem(page, 'Robot A');
    expect(await chat.locator('.chat-list__preview').textContent()).toBe('Hello Alice');
    expect(await readStatusOf(key)).toEqual({ sendStatus: 'SUCCESS', reads: { alice: 'UNREAD' } });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('opens the console to a user who is no admin in dev mode, on their own corp (without dev mode it is for admins: test/devConsole.test.ts)', async () => {
    await openAs(page, 'bob', '/console');
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    await page.getByRole('option', { name: 'Corp A (corpA)' }).waitFor({ state: 'attached' });
    expect(await page.getByRole('combobox', { name: 'Corp' }).inputValue()).toBe('corpA');
    expect(await page.getByRole('link', { name: 'Console' }).count()).toBe(1);
  });

  it('recalls from the console: the row turns RECALLED and the recipient’s open chat loses the message live', async () => {
    const kept = await send(['bob'], textTo('appA', [], 'Stays'));
    const doomed = await send(['bob', 'carol'], textTo('appA', [], 'Sent by mistake'));

    const recipient = await launchChromium();
    extraBrowsers.push(recipient);
    const bobPage = await recipient.context.newPage();
    bobPage.setDefaultTimeout(10_000);
    await openAs(bobPage, 'bob', ROBOT_CHAT);
    await messageRow(bobPage, doomed).getByText('Sent by mistake').waitFor();
    await bobPage.locator('.live-status--open').waitFor();

    await openAs(page, 'alice', '/console');
    const row = page.locator(`.message-log__row[data-process-query-key="${doomed}"]`);
    await row.waitFor();
    expect(await row.locator('.status-pill').textContent()).toBe('SENT');
    // Bob has the chat open, so he read it; Carol has not.
    await row.locator('.recipient--read', { hasText: 'Bob' }).waitFor();
    expect(await row.locator('.recipient--unread').textContent()).toContain('Carol');

    await row.getByRole('button', { name: 'Recall' }).click();
    await row.locator('.status-pill', { hasText: 'RECALLED' }).waitFor();
    expect(await row.getByRole('button', { name: 'Recall' }).count()).toBe(0);
    await messageRow(bobPage, doomed).waitFor({ state: 'detached' });
    expect(await messageRow(bobPage, kept).isVisible()).toBe(true);
    expect((await readStatusOf(doomed)).sendStatus).toBe('RECALLED');
  });

  it('says why the console could not recall: past 24 hours the message stays', async () => {
    const old = await send(['bob'], textTo('appA', [], 'Yesterday’s news'));
    // Every test starts from fresh messages, tokens and sessions, so moving the clock does not leak into others.
    dingo.clock.advance(25 * 60 * 60 * 1000);
    await openAs(page, 'alice', '/console');
    const row = page.locator(`.message-log__row[data-process-query-key="${old}"]`);
    await row.getByRole('button', { name: 'Recall' }).click();
    const failure = row.locator('.recall-failure');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('within 24 hours');
    expect(await failure.textContent()).toContain('robot.processQueryKey.expired');
    expect(await row.locator('.status-pill').textContent()).toBe('SENT');
  });
});
