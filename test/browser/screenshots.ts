/**
 * Takes the README's screenshots of the web client (1280×800):
 *   docs/screenshots/chat.png     a chat showing several message templates
 *   docs/screenshots/console.png  the console's message log with read states
 *
 * Run: `node --import tsx test/browser/screenshots.ts` (after building the
 * client: `npx vite build --config web/vite.config.ts`). Not part of the tests.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OffsetClock } from '../../src/clock.js';
import { startDingo } from '../../src/dingo.js';
import type { SeedFile } from '../../src/domain/seed.js';
import { WEB_ROOT } from '../../src/http/webApp.js';
import { robotSdk, runtime, TEST_CONFIG, withSdk, type TestDingo } from '../sdk.js';
import { launchChromium } from './chromium.js';

const OUT_DIR = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

const SEED: SeedFile = {
  corps: [
    {
      corpId: 'dingacme',
      name: 'Acme Ltd',
      users: [
        { userId: 'lin', name: 'Lin Wei', password: 'lin-pw', admin: true },
        { userId: 'sam', name: 'Sam Chen' },
        { userId: 'ana', name: 'Ana Souza' },
        { userId: 'kai', name: 'Kai Tanaka' },
      ],
      apps: [
        { appKey: 'dingopsbot', appSecret: 'ops-secret', name: 'Ops', permissions: ['qyapi_robot_sendmsg'], robots: [{ name: 'Ops Bot' }] },
        { appKey: 'dinghrbot', appSecret: 'hr-secret', name: 'HR', permissions: ['qyapi_robot_sendmsg'], robots: [{ name: 'HR Assistant' }] },
      ],
      coolApps: [{ coolAppCode: 'COOL-OPS', robotCode: 'dingopsbot' }],
      privateChats: [{ openConversationId: 'cidLinSam==', members: ['lin', 'sam'], coolApps: ['COOL-OPS'] }],
    },
  ],
};

/** A picture for the link card, served over http as a bot's would be. */
const THUMBNAIL_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 56 56">
<rect width="56" height="56" fill="#fff1f0"/><path d="M8 40l12-14 9 9 7-8 12 13z" fill="#ff7875"/>
<circle cx="40" cy="16" r="6" fill="#ffa39e"/></svg>`;

async function servePicture(): Promise<{ url: string; close: () => void }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'image/svg+xml' });
    response.end(THUMBNAIL_SVG);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/incident.svg`, close: () => server.close() };
}

type Params = Record<string, string | number>;

/** Dingo in dev mode on a free port, in memory, with the screenshots' directory. */
async function startScreenshotDingo(): Promise<TestDingo> {
  const clock = new OffsetClock();
  return withSdk(await startDingo(TEST_CONFIG, { seedData: SEED, clock }), clock);
}

async function sendOneToOne(dingo: TestDingo, token: string, robotCode: string, userIds: string[], msgKey: string, params: Params): Promise<string> {
  const response = await dingo.robot.batchSendOTOWithOptions(
    new robotSdk.BatchSendOTORequest({ robotCode, userIds, msgKey, msgParam: JSON.stringify(params) }),
    new robotSdk.BatchSendOTOHeaders({ xAcsDingtalkAccessToken: token }),
    runtime,
  );
  return response.body?.processQueryKey ?? '';
}

async function sendToPrivateChat(dingo: TestDingo, token: string, msgKey: string, params: Params): Promise<void> {
  await dingo.robot.privateChatSendWithOptions(
    new robotSdk.PrivateChatSendRequest({
      openConversationId: 'cidLinSam==',
      robotCode: 'dingopsbot',
      coolAppCode: 'COOL-OPS',
      msgKey,
      msgParam: JSON.stringify(params),
    }),
    new robotSdk.PrivateChatSendHeaders({ xAcsDingtalkAccessToken: token }),
    runtime,
  );
}

async function read(dingo: TestDingo, userId: string, processQueryKey: string): Promise<void> {
  const read = await dingo.http('/_dingo/read', { method: 'POST', json: { corpId: 'dingacme', userId, processQueryKey } });
  if (read.status !== 200) throw new Error(`POST /_dingo/read: ${read.status} ${JSON.stringify(read.body)}`);
}

if (!existsSync(join(WEB_ROOT, 'index.html'))) {
  throw new Error(`The web client is not built (${WEB_ROOT}): run \`npx vite build --config web/vite.config.ts\` first.`);
}
await mkdir(OUT_DIR, { recursive: true });
const picture = await servePicture();
const dingo = await startScreenshotDingo();
const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
try {
  const ops = await dingo.appToken('dingopsbot', 'ops-secret');
  const hr = await dingo.appToken('dinghrbot', 'hr-secret');
  const everyone = ['lin', 'sam', 'ana', 'kai'];

  // Older traffic for the console's log.
  const standup = await sendOneToOne(dingo, ops, 'dingopsbot', everyone, 'sampleText', { content: 'Stand-up moved to 10:30 today.' });
  const mistake = await sendOneToOne(dingo, ops, 'dingopsbot', ['sam', 'ana'], 'sampleText', { content: 'Test message, please ignore' });
  await sendOneToOne(dingo, hr, 'dinghrbot', ['sam', 'kai'], 'sampleActionCard', {
    title: 'Timesheet reminder',
    text: 'Please submit this week’s timesheet by **Friday 18:00**.',
    singleTitle: 'Open timesheet',
    singleURL: 'https://example.com/timesheets',
  });
  await read(dingo, 'sam', standup);
  await read(dingo, 'ana', standup);

  // What Lin's chat with Ops Bot shows.
  await sendOneToOne(dingo, ops, 'dingopsbot', ['lin'], 'sampleMarkdown', {
    title: 'Release 2.4 checklist',
    text: '## Release 2.4\n- Migration tested on staging\n- **Waiting:** sign-off from QA\n\n[Open the release board](https://example.com/releases/2.4)',
  });
  await sendOneToOne(dingo, ops, 'dingopsbot', ['lin'], 'sampleLink', {
    title: 'Incident INC-204 resolved',
    text: 'Checkout latency above 2 s for 12 minutes. Root cause and follow-ups inside.',
    messageUrl: 'https://example.com/incidents/204',
    picUrl: picture.url,
  });
  await sendOneToOne(dingo, ops, 'dingopsbot', ['lin', 'sam'], 'sampleActionCard2', {
    title: 'Deploy 2.4 to production?',
    text: '### Deploy 2.4 to production?\nAll checks passed. Deploy window: **14:00–15:00**.',
    actionTitle1: 'Approve deploy',
    actionURL1: 'https://example.com/deploys/2.4/approve',
    actionTitle2: 'Postpone',
    actionURL2: 'https://example.com/deploys/2.4/postpone',
  });
  await sendOneToOne(dingo, ops, 'dingopsbot', ['lin'], 'sampleFile', { mediaId: '@lAz', fileName: 'release-notes-2.4.pdf', fileType: 'pdf' });

  // Other chats, still unread, for the sidebar.
  await sendOneToOne(dingo, hr, 'dinghrbot', ['lin'], 'sampleText', { content: 'Your leave for 12–13 May is approved.' });
  await sendToPrivateChat(dingo, ops, 'sampleText', { content: 'Sam, Lin: the 2.4 release notes are ready for review.' });

  const page = await browser.context.newPage();
  await page.goto(`${dingo.url}/chats/${encodeURIComponent('oto:dingopsbot')}?corpId=dingacme&userId=lin`);
  await page.locator('.media-placeholder', { hasText: 'release-notes-2.4.pdf' }).waitFor();
  await page.locator('.link-card__pic').evaluate('(image) => image.decode()');
  await page.locator('.chat-list__item.is-selected .badge').waitFor({ state: 'detached' });
  await page.screenshot({ path: join(OUT_DIR, 'chat.png') });

  // The console: Lin has read her messages by now; one message is recalled.
  await page.goto(`${dingo.url}/console`);
  const mistakeRow = page.locator(`.message-log__row[data-process-query-key="${mistake}"]`);
  await mistakeRow.getByRole('button', { name: 'Recall' }).click();
  await mistakeRow.locator('.status-pill', { hasText: 'RECALLED' }).waitFor();
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(OUT_DIR, 'console.png') });
  console.log(`Wrote ${join(OUT_DIR, 'chat.png')} and ${join(OUT_DIR, 'console.png')}`);
} finally {
  await browser.close();
  await dingo.close();
  picture.close();
}
