import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { call, listen, signInAs } from './webClientSession.js';

/** Users write to robots: the web client's composer, /_dingo/say, and the chat that interleaves both sides (docs/behaviour.md, Conversations and Stream mode). */

const start = Date.UTC(2026, 4, 4, 9);
let dingo: TestDingo;
let alice: string;

beforeAll(async () => {
  dingo = await startTestDingo({}, undefined, new OffsetClock(() => start));
  alice = await signInAs(dingo, 'corpA', 'alice');
});
afterAll(() => dingo.close());
beforeEach(async () => {
  await dingo.http('/_dingo/reset', { method: 'POST' });
});

const say = (json: unknown) => dingo.http('/_dingo/say', { method: 'POST', json });
const replyThroughSessionWebhook = async (content: string) => {
  const [delivery] = await dingo.services.store.botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 1 });
  const webhook = JSON.parse(delivery?.payload ?? '{}').sessionWebhook;
  await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'text', text: { content } }) });
};

describe('the composer', () => {
  it("sends what the user types into the robot chat, which shows it among the robot's answers, live", async () => {
    const live = listen(dingo, alice);
    await live.ready;
    const sent = await call(dingo, alice, '/api/chats/oto%3AappA/messages', { method: 'POST', json: { text: 'hello from the browser' } });
    expect(sent).toEqual({ status: 200, body: { msgId: expect.stringMatching(/^msg/) } });
    await replyThroughSessionWebhook('hello back');
    await call(dingo, alice, '/api/chats/oto%3AappA/messages', { method: 'POST', json: { text: 'thanks' } });

    const events = await live.waitFor(3);
    live.stop();
    expect(events.map((e) => [e.type, e.chatId])).toEqual([
      ['said', 'oto:appA'],
      ['delivered', 'oto:appA'],
      ['said', 'oto:appA'],
    ]);
    expect(events[0]?.msgId).toBe(sent.body.msgId);

    const chat = await call(dingo, alice, '/api/chats/oto%3AappA/messages');
    expect(chat.body.messages.map((m: { kind: string; text?: string; msgParam?: string }) => [m.kind, m.text ?? JSON.parse(m.msgParam ?? '{}').content])).toEqual([
      ['user', 'hello from the browser'],
      ['robot', 'hello back'],
      ['user', 'thanks'],
    ]);
    expect(chat.body.messages[0]).toEqual({ kind: 'user', msgId: sent.body.msgId, sender: { kind: 'user', id: 'alice', name: 'Alice' }, msgtype: 'text', text: 'hello from the browser', createdAt: new Date(start).toISOString() });
    expect(chat.body.messages[1]).toMatchObject({ kind: 'robot', sender: { kind: 'robot', id: 'appA', name: 'Robot A' } });

    const chats = await call(dingo, alice, '/api/chats');
    expect(chats.body.chats[0]).toMatchObject({ chatId: 'oto:appA', unreadCount: 1, lastMessage: { kind: 'user', text: 'thanks' } });
  });

  it('lists a chat the user only wrote in', async () => {
    await call(dingo, alice, '/api/chats/oto%3AappA2/messages', { method: 'POST', json: { text: 'first words' } });
    const chats = await call(dingo, alice, '/api/chats');
    expect(chats.body.chats).toEqual([
      expect.objectContaining({ chatId: 'oto:appA2', unreadCount: 0, lastMessage: expect.objectContaining({ kind: 'user', text: 'first words' }) }),
      expect.objectContaining({ chatId: 'group:cidGroupA==', lastMessage: null }),
    ]);
  });

  it('refuses a person-to-person chat, a group of another corp, a robot of another corp, and empty text', async () => {
    expect((await call(dingo, alice, '/api/chats/p2p%3AcidAliceBob%3D%3D/messages', { method: 'POST', json: { text: 'x' } })).status).toBe(404);
    expect((await call(dingo, alice, '/api/chats/group%3AcidGroupB%3D%3D/messages', { method: 'POST', json: { text: 'x' } })).body.code).toBe('invalid.openConversationId');
    expect((await call(dingo, alice, '/api/chats/oto%3AappB/messages', { method: 'POST', json: { text: 'x' } })).body.code).toBe('invalidParameter.robotCode.invalid');
    expect((await call(dingo, alice, '/api/chats/oto%3AappA/messages', { method: 'POST', json: { text: '  ' } })).body.code).toBe('invalidParameter.text.empty');
  });
});

describe('POST /_dingo/say', () => {
  it('does what the composer does: the message is in the chat and queued for the robot', async () => {
    const said = await say({ corpId: 'corpA', userId: 'alice', robotCode: 'appA', text: 'from a test suite' });
    const chat = await call(dingo, alice, '/api/chats/oto%3AappA/messages');
    expect(chat.body.messages).toEqual([expect.objectContaining({ kind: 'user', msgId: said.body.msgId, text: 'from a test suite' })]);
    const [delivery] = await dingo.services.store.botDeliveries.listWithLog('corpA', { limit: 5 });
    expect(JSON.parse(delivery?.payload ?? '{}').msgId).toBe(said.body.msgId);
  });

  it('refuses unknown users and robots, missing fields and text that is too long', async () => {
    const cases: Array<[unknown, string]> = [
      [{ corpId: 'corpA', userId: 'nobody', robotCode: 'appA', text: 'x' }, 'invalidParameter.userId.invalid'],
      [{ corpId: 'corpA', userId: 'alice', robotCode: 'nope', text: 'x' }, 'invalidParameter.robotCode.invalid'],
      [{ corpId: 'corpA', userId: 'alice', robotCode: 'appA', text: 'x'.repeat(5001) }, 'invalidParameter.text.tooLong'],
      [{ corpId: 'corpA', userId: 'alice', text: 'x' }, 'invalidParameter.chat.missing'],
    ];
    for (const [body, code] of cases) {
      const answer = await say(body);
      expect({ status: answer.status, code: answer.body.code }, JSON.stringify(body).slice(0, 80)).toEqual({ status: 400, code });
    }
  });
});

describe('the console', () => {
  it("shows how each robot receives", async () => {
    const directory = await call(dingo, alice, '/api/console/directory');
    expect(directory.body.robots).toContainEqual({ robotCode: 'appA', name: 'Robot A', appKey: 'appA', status: 'enabled', receive: 'stream', callbackUrl: null });
  });
});
