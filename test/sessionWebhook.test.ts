import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { startTestDingo, type TestDingo } from './harness.js';

/** POST /robot/sendBySession: the bot's reply path (docs/behaviour.md, Conversations and Stream mode). */

const start = Date.UTC(2026, 4, 4, 9);
let dingo: TestDingo;
let webhook: string;

beforeAll(async () => {
  dingo = await startTestDingo({}, undefined, new OffsetClock(() => start));
});
afterAll(() => dingo.close());
beforeEach(async () => {
  await dingo.http('/_dingo/reset', { method: 'POST' });
  webhook = await sessionWebhookOfNewMessage();
});

/** Alice says something to Robot A; the sessionWebhook its message carries (no bot needed: it is in the delivery). */
async function sessionWebhookOfNewMessage(): Promise<string> {
  await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode: 'appA', text: 'hi' } });
  const [delivery] = await dingo.services.store.botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 1 });
  return JSON.parse(delivery?.payload ?? '{}').sessionWebhook;
}

const post = async (body: unknown, url = webhook, headers: Record<string, string> = {}) => {
  const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: answer.status, body: await answer.json() };
};
const inbox = async () => (await dingo.http('/_dingo/inbox?corpId=corpA&userId=alice')).body.messages as Array<{ robotCode: string; msgKey: string; msgParam: string }>;

describe('each body shape', () => {
  const cases: Array<[string, unknown, string, unknown]> = [
    ['text', { msgtype: 'text', text: { content: 'plain' }, at: { atUserIds: ['alice'], isAtAll: false } }, 'sampleText', { content: 'plain' }],
    ['markdown', { msgtype: 'markdown', markdown: { title: 'T', text: '# hi' } }, 'sampleMarkdown', { title: 'T', text: '# hi' }],
    [
      'link',
      { msgtype: 'link', link: { title: 'T', text: 'x', messageUrl: 'https://example.com', picUrl: 'https://example.com/p.png' } },
      'sampleLink',
      { title: 'T', text: 'x', messageUrl: 'https://example.com', picUrl: 'https://example.com/p.png' },
    ],
    [
      'actionCard, one button',
      { msgtype: 'actionCard', actionCard: { title: 'T', text: 'x', singleTitle: 'Go', singleURL: 'https://example.com' } },
      'sampleActionCard',
      { title: 'T', text: 'x', singleTitle: 'Go', singleURL: 'https://example.com' },
    ],
    [
      'actionCard, three buttons',
      { msgtype: 'actionCard', actionCard: { title: 'T', text: 'x', btns: [1, 2, 3].map((i) => ({ title: `B${i}`, actionURL: `https://example.com/${i}` })) } },
      'sampleActionCard3',
      { title: 'T', text: 'x', actionTitle1: 'B1', actionURL1: 'https://example.com/1', actionTitle2: 'B2', actionURL2: 'https://example.com/2', actionTitle3: 'B3', actionURL3: 'https://example.com/3' },
    ],
    [
      'actionCard, two buttons side by side',
      { msgtype: 'actionCard', actionCard: { title: 'T', text: 'x', btnOrientation: '1', btns: [1, 2].map((i) => ({ title: `B${i}`, actionURL: `https://example.com/${i}` })) } },
      'sampleActionCard6',
      { title: 'T', text: 'x', buttonTitle1: 'B1', buttonUrl1: 'https://example.com/1', buttonTitle2: 'B2', buttonUrl2: 'https://example.com/2' },
    ],
    [
      'feedCard',
      { msgtype: 'feedCard', feedCard: { links: [{ title: 'One', messageURL: 'https://example.com/1', picURL: 'https://example.com/1.png' }] } },
      'feedCard',
      { links: [{ title: 'One', messageURL: 'https://example.com/1', picURL: 'https://example.com/1.png' }] },
    ],
  ];
  for (const [name, body, msgKey, param] of cases) {
    it(`${name} is the robot's message in the chat, as ${msgKey}`, async () => {
      expect(await post(body, webhook, { 'x-acs-dingtalk-access-token': 'ignored' })).toEqual({ status: 200, body: { errcode: 0, errmsg: 'ok' } });
      const [message] = await inbox();
      expect(message?.robotCode).toBe('appA');
      expect(message?.msgKey).toBe(msgKey);
      expect(JSON.parse(message?.msgParam ?? '{}')).toEqual(param);
    });
  }
});

describe('refusals, always HTTP 200', () => {
  it('40035 for a body that is not one of the shapes', async () => {
    const bad = [
      'not json',
      { msgtype: 'text' },
      { msgtype: 'text', text: { content: '' } },
      { msgtype: 'image', image: {} },
      { msgtype: 'actionCard', actionCard: { title: 'T', text: 'x' } },
      { msgtype: 'actionCard', actionCard: { title: 'T', text: 'x', btns: [] } },
      { msgtype: 'feedCard', feedCard: { links: [] } },
    ];
    for (const body of bad) expect(await post(body), JSON.stringify(body)).toEqual({ status: 200, body: { errcode: 40035, errmsg: expect.any(String) } });
    expect(await inbox()).toEqual([]);
  });

  it('300001 for an unknown session, and once 90 minutes have passed', async () => {
    const unknown = webhook.replace(/session=[^&]+/, 'session=made-up');
    expect(await post({ msgtype: 'text', text: { content: 'x' } }, unknown)).toEqual({ status: 200, body: { errcode: 300001, errmsg: expect.any(String) } });
    await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 90 * 60_000 - 1 } });
    expect((await post({ msgtype: 'text', text: { content: 'just in time' } })).body.errcode).toBe(0);
    await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 1 } });
    expect(await post({ msgtype: 'text', text: { content: 'too late' } })).toEqual({ status: 200, body: { errcode: 300001, errmsg: expect.any(String) } });
  });

  it('130101 for the 21st message in a minute through one robot into one chat', async () => {
    for (let i = 1; i <= 20; i++) expect((await post({ msgtype: 'text', text: { content: `n${i}` } })).body.errcode).toBe(0);
    expect(await post({ msgtype: 'text', text: { content: 'n21' } })).toEqual({ status: 200, body: { errcode: 130101, errmsg: 'send too fast' } });
    expect(await inbox()).toHaveLength(20);
    await dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 60_000 } });
    expect((await post({ msgtype: 'text', text: { content: 'later' } })).body.errcode).toBe(0);
  });
});

describe('--session-webhook-limit 0', () => {
  it('takes every reply into one chat, past the 20 a minute DingTalk allows (for load tests)', async () => {
    const unlimited = await startTestDingo({ sessionWebhookLimit: 0 }, undefined, new OffsetClock(() => start));
    try {
      await unlimited.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode: 'appA', text: 'hi' } });
      const [delivery] = await unlimited.services.store.botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 1 });
      const url = JSON.parse(delivery?.payload ?? '{}').sessionWebhook as string;
      for (let i = 1; i <= 25; i++) expect((await post({ msgtype: 'text', text: { content: `n${i}` } }, url)).body).toEqual({ errcode: 0, errmsg: 'ok' });
      expect((await unlimited.http('/_dingo/inbox?corpId=corpA&userId=alice')).body.messages).toHaveLength(25);
    } finally {
      await unlimited.close();
    }
  });
});
