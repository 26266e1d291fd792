import { createHmac } from 'node:crypto';
import ChatBot from 'dingtalk-robot-sender';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOM_ROBOT_SEED as SEED, CUSTOM_ROBOT_SECRET as SECRET } from './customRobotSeed.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { call, listen, signInAs } from './webClientSession.js';

const GROUP = 'cidGroupA==';

function signOf(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

describe('custom robots: POST /robot/send', () => {
  let dingo: TestDingo;
  const bot = (accessToken: string, secret?: string) => new ChatBot({ baseUrl: `${dingo.url}/robot/send`, accessToken, secret });
  const post = async (query: string, body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${dingo.url}/robot/send?${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { errcode: number; errmsg: string };
  };
  const inbox = async (userId: string) =>
    (await dingo.http(`/_dingo/inbox?corpId=corpA&userId=${userId}`)).body.messages as Array<{ robotCode: string; msgKey: string; msgParam: string }>;
  const groupMessages = async (userId: string) => {
    const cookie = await signInAs(dingo, 'corpA', userId);
    return (await call(dingo, cookie, `/api/chats/${encodeURIComponent(`group:${GROUP}`)}/messages`)).body.messages as Array<Record<string, any>>;
  };
  const text = { msgtype: 'text', text: { content: 'build failed' } };

  beforeAll(async () => {
    dingo = await startTestDingo({}, SEED);
  });
  afterAll(() => dingo.close());
  beforeEach(async () => {
    await dingo.http('/_dingo/reset', { method: 'POST' });
  });

  describe('through dingtalk-robot-sender', () => {
    it('posts a text with atMobiles and atUserIds into the group, for every member, from the custom robot, mentions named', async () => {
      const response = await bot('tok-signed', SECRET).text('CPU high on web-1 @13800000003', { atMobiles: ['13800000003'], atUserIds: ['bob', 'erin'] });
      expect(response.data).toEqual({ errcode: 0, errmsg: 'ok' });
      for (const member of ['alice', 'bob', 'carol']) {
        const [message] = await inbox(member);
        expect(message?.msgKey).toBe('sampleText');
        // carol by her mobile where the text names it; bob appended; erin is not in the group (nor the corp).
        expect(JSON.parse(message?.msgParam ?? '')).toEqual({ content: 'CPU high on web-1 @Carol @Bob', atNames: ['Bob', 'Carol'] });
      }
      expect(await inbox('dave')).toEqual([]);
      const [entry] = await groupMessages('bob');
      expect(entry?.sender).toEqual({ kind: 'customRobot', id: expect.stringMatching(/^custom:/), name: 'Alerts' });
      expect(entry?.readAt).toBeNull();
      const cookie = await signInAs(dingo, 'corpA', 'bob');
      const chats = (await call(dingo, cookie, '/api/chats')).body.chats as Array<{ chatId: string; unreadCount: number }>;
      expect(chats.find((chat) => chat.chatId === `group:${GROUP}`)?.unreadCount).toBe(1);
    });

    it('arrives live in the members\' web clients, and in the inbox with its group', async () => {
      const stream = listen(dingo, await signInAs(dingo, 'corpA', 'carol'));
      await stream.ready;
      expect((await bot('tok-open').text('live alert')).data.errcode).toBe(0);
      const events = await stream.waitFor(1);
      stream.stop();
      const [message] = (await dingo.http('/_dingo/inbox?corpId=corpA&userId=carol')).body.messages as Array<Record<string, unknown>>;
      expect(message).toMatchObject({ openConversationId: GROUP, msgKey: 'sampleText', read: false });
      expect(events).toEqual([{ type: 'delivered', processQueryKey: message?.processQueryKey, chatId: `group:${GROUP}` }]);
    });

    it('posts a markdown, with isAtAll as @All', async () => {
      const response = await bot('tok-open').markdown('Disk', '### Disk full\n@bob please look', { atUserIds: ['bob'], isAtAll: true });
      expect(response.data.errcode).toBe(0);
      const [entry] = await groupMessages('carol');
      expect(entry).toMatchObject({ kind: 'robot', msgKey: 'sampleMarkdown', sender: { kind: 'customRobot', name: 'Open Hook' } });
      expect(JSON.parse(entry?.msgParam)).toEqual({ title: 'Disk', text: '### Disk full\n@Bob please look', atNames: ['Bob', 'All'] });
    });

    it('posts an actionCard and a feedCard', async () => {
      const card = await bot('tok-open').actionCard({
        title: 'Deploy?',
        text: 'Release 1.2 is ready',
        btnOrientation: '1',
        btns: [
          { title: 'Yes', actionURL: 'https://example.com/yes' },
          { title: 'No', actionURL: 'https://example.com/no' },
        ],
      });
      expect(card.data.errcode).toBe(0);
      const feed = await bot('tok-open').feedCard([
        { title: 'Incident 1', messageURL: 'https://example.com/1', picURL: 'https://example.com/1.png' },
        { title: 'Incident 2', messageURL: 'https://example.com/2', picURL: 'https://example.com/2.png' },
      ]);
      expect(feed.data.errcode).toBe(0);
      const entries = await groupMessages('alice');
      expect(entries.map((e) => e.msgKey)).toEqual(['sampleActionCard6', 'feedCard']);
      expect(JSON.parse(entries[0]?.msgParam)).toMatchObject({ title: 'Deploy?', buttonTitle1: 'Yes', buttonUrl2: 'https://example.com/no' });
      expect(JSON.parse(entries[1]?.msgParam).links).toHaveLength(2);
    });

    it('passes the keyword check when the message contains a keyword, and the IP check from an allowed address', async () => {
      expect((await bot('tok-keyword').text('deploy of web done')).data.errcode).toBe(0);
      expect((await bot('tok-local').text('from loopback')).data.errcode).toBe(0);
      expect(await inbox('alice')).toHaveLength(2);
    });
  });

  describe('refusals, each writing nothing', () => {
    it.each([
      ['a wrong sign', () => `access_token=tok-signed&timestamp=${Date.now()}&sign=${encodeURIComponent(signOf('SECother', Date.now()))}`, 'sign not match'],
      ['a missing sign', () => `access_token=tok-signed&timestamp=${Date.now()}`, 'sign not match'],
      ['a missing timestamp', () => `access_token=tok-signed&sign=x`, 'invalid timestamp'],
      [
        'a timestamp over an hour old',
        () => {
          const old = Date.now() - 3600_000 - 60_000;
          return `access_token=tok-signed&timestamp=${old}&sign=${encodeURIComponent(signOf(SECRET, old))}`;
        },
        'invalid timestamp',
      ],
      ['a message without any keyword', () => 'access_token=tok-keyword', 'keywords not in content'],
      ['a caller outside the IP allow-list', () => 'access_token=tok-office', 'not in whitelist'],
    ])('%s: 310000 with the reason', async (_case, query, reason) => {
      const answer = await post(query(), { msgtype: 'text', text: { content: 'hello' } });
      expect(answer.errcode).toBe(310000);
      expect(answer.errmsg).toContain(reason);
      expect(await inbox('alice')).toEqual([]);
    });

    it('an unknown or missing token: 300001', async () => {
      expect(await post('access_token=nope', text)).toEqual({ errcode: 300001, errmsg: 'token is not exist' });
      expect((await post('', text)).errcode).toBe(300001);
      expect(await inbox('alice')).toEqual([]);
    });

    it('a body that is not one of the message shapes, not JSON, or of another content type: 40035', async () => {
      expect((await post('access_token=tok-open', { msgtype: 'text', text: {} })).errcode).toBe(40035);
      expect((await post('access_token=tok-open', { msgtype: 'image' })).errcode).toBe(40035);
      expect((await post('access_token=tok-open', 'not json')).errcode).toBe(40035);
      expect((await post('access_token=tok-open', 'a=b', 'application/x-www-form-urlencoded')).errcode).toBe(40035);
      expect(await inbox('alice')).toEqual([]);
    });

    it('the 21st message in a minute through one custom robot: 130101', async () => {
      for (let i = 0; i < 20; i++) expect((await post('access_token=tok-open', text)).errcode).toBe(0);
      expect(await post('access_token=tok-open', text)).toEqual({ errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
      expect(await inbox('alice')).toHaveLength(20);
      // Another custom robot of the same group has its own count.
      expect((await post('access_token=tok-local', text)).errcode).toBe(0);
    });
  });

  it('custom robot messages are not the robot API’s: groupMessages/query does not find them', async () => {
    expect((await post('access_token=tok-open', text)).errcode).toBe(0);
    const [message] = (await dingo.http('/_dingo/inbox?corpId=corpA&userId=alice')).body.messages as Array<{ processQueryKey: string }>;
    const token = await dingo.appToken('appA', 'secretA');
    const queried = await dingo.http('/v1.0/robot/groupMessages/query', {
      method: 'POST',
      token,
      json: { openConversationId: GROUP, robotCode: 'appA', processQueryKey: message?.processQueryKey },
    });
    expect(queried.status).toBe(400);
    expect(queried.body.code).toBe('invalid.processQueryKey');
    const recalled = await dingo.http('/v1.0/robot/groupMessages/recall', {
      method: 'POST',
      token,
      json: { openConversationId: GROUP, robotCode: 'appA', processQueryKeys: [message?.processQueryKey] },
    });
    expect(recalled.body.failedResult).toEqual({ [message?.processQueryKey as string]: 'invalid.processQueryKey' });
  });
  describe('in the console', () => {
    type Directory = { customRobots: Array<{ robotCode: string; openConversationId: string; name: string; accessToken: string; secret: string | null; keywords: string[]; ipRanges: string[]; webhookUrl: string }> };
    const robotsOf = (directory: Directory) => new Map(directory.customRobots.map((robot) => [robot.name, robot]));

    it('lists the seeded custom robots with their webhook URL and secret', async () => {
      const admin = await signInAs(dingo, 'corpA', 'alice');
      const alerts = robotsOf((await call(dingo, admin, '/api/console/directory')).body).get('Alerts');
      expect(alerts).toEqual({
        robotCode: expect.stringMatching(/^custom:[0-9a-f]{24}$/),
        openConversationId: GROUP,
        name: 'Alerts',
        accessToken: 'tok-signed',
        secret: SECRET,
        keywords: [],
        ipRanges: [],
        webhookUrl: `${dingo.url}/robot/send?access_token=tok-signed`,
      });
    });

    it('creates one with a generated token and SEC secret that a sender posts to, edits its keywords and IP list, and deletes it', async () => {
      const admin = await signInAs(dingo, 'corpA', 'alice');
      const created = await call(dingo, admin, `/api/console/groups/${encodeURIComponent(GROUP)}/customRobots`, {
        method: 'POST',
        json: { name: ' Grafana ', keywords: [], ipRanges: [], signed: true },
      });
      expect(created.status).toBe(200);
      const grafana = robotsOf(created.body).get('Grafana')!;
      expect(grafana.accessToken).toMatch(/^[0-9a-f]{64}$/);
      expect(grafana.secret).toMatch(/^SEC[0-9a-f]{64}$/);
      expect(grafana.webhookUrl).toBe(`${dingo.url}/robot/send?access_token=${grafana.accessToken}`);
      expect((await new ChatBot({ webhook: grafana.webhookUrl, secret: grafana.secret! }).text('[FIRING] disk')).data.errcode).toBe(0);
      expect((await groupMessages('bob')).at(-1)?.sender.name).toBe('Grafana');

      const edited = await call(dingo, admin, `/api/console/customRobots/${encodeURIComponent(grafana.robotCode)}`, {
        method: 'PUT',
        json: { name: 'Grafana prod', keywords: ['FIRING'], ipRanges: ['10.0.0.0/8'], signed: true },
      });
      expect(edited.status).toBe(200);
      expect(robotsOf(edited.body).get('Grafana prod')).toMatchObject({ accessToken: grafana.accessToken, secret: grafana.secret, keywords: ['FIRING'], ipRanges: ['10.0.0.0/8'] });
      expect((await new ChatBot({ webhook: grafana.webhookUrl, secret: grafana.secret! }).text('[FIRING] disk')).data.errcode).toBe(310000);

      const refused = await call(dingo, admin, `/api/console/customRobots/${encodeURIComponent(grafana.robotCode)}`, {
        method: 'PUT',
        json: { name: 'Grafana', keywords: [], ipRanges: ['10.0.0.0/40'], signed: true },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain('ipRanges[0]');

      const deleted = await call(dingo, admin, `/api/console/customRobots/${encodeURIComponent(grafana.robotCode)}`, { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect(robotsOf(deleted.body).has('Grafana prod')).toBe(false);
      expect((await post(`access_token=${grafana.accessToken}`, text)).errcode).toBe(300001);
    });

    it('makes an unsigned custom robot for a tool that cannot sign, and signs it later with a new secret', async () => {
      const admin = await signInAs(dingo, 'corpA', 'alice');
      const path = `/api/console/groups/${encodeURIComponent(GROUP)}/customRobots`;
      const grafana = robotsOf((await call(dingo, admin, path, { method: 'POST', json: { name: 'Unsigned', keywords: ['alert'], ipRanges: [], signed: false } })).body).get('Unsigned')!;
      expect(grafana.secret).toBeNull();
      expect((await post(`access_token=${grafana.accessToken}`, { msgtype: 'text', text: { content: 'alert: load' } })).errcode).toBe(0);
      const signed = await call(dingo, admin, `/api/console/customRobots/${encodeURIComponent(grafana.robotCode)}`, {
        method: 'PUT',
        json: { name: 'Unsigned', keywords: ['alert'], ipRanges: [], signed: true },
      });
      expect(robotsOf(signed.body).get('Unsigned')?.secret).toMatch(/^SEC[0-9a-f]{64}$/);
      expect((await post(`access_token=${grafana.accessToken}`, { msgtype: 'text', text: { content: 'alert: load' } })).errcode).toBe(310000);
    });

    it('refuses a custom robot in a group the corp does not have, and edits of one it does not have', async () => {
      const admin = await signInAs(dingo, 'corpA', 'alice');
      const json = { name: 'X', keywords: [], ipRanges: [], signed: false };
      expect((await call(dingo, admin, `/api/console/groups/${encodeURIComponent('cidGroupB==')}/customRobots`, { method: 'POST', json })).status).toBe(404);
      expect((await call(dingo, admin, '/api/console/customRobots/custom%3Anope', { method: 'PUT', json })).status).toBe(404);
      expect((await call(dingo, admin, '/api/console/customRobots/custom%3Anope', { method: 'DELETE' })).status).toBe(404);
    });
  });
});

describe('a custom robot behind a reverse proxy', () => {
  const officeAddress = { 'x-forwarded-for': '10.1.2.3' };
  const sendThrough = async (dingo: TestDingo) => {
    const answer = await fetch(`${dingo.url}/robot/send?access_token=tok-office`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...officeAddress },
      body: JSON.stringify({ msgtype: 'text', text: { content: 'from the office' } }),
    });
    return (await answer.json()) as { errcode: number; errmsg: string };
  };

  it('checks its IP allow-list against the client the trusted proxy names (--trust-proxy), and against the proxy otherwise', async () => {
    const trusting = await startTestDingo({ trustProxy: true }, SEED);
    const direct = await startTestDingo({}, SEED);
    try {
      expect(await sendThrough(trusting)).toEqual({ errcode: 0, errmsg: 'ok' });
      expect(await sendThrough(direct)).toMatchObject({ errcode: 310000, errmsg: expect.stringContaining('not in whitelist') });
    } finally {
      await trusting.close();
      await direct.close();
    }
  });
});
