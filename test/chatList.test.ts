import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SeedFile } from '../src/domain/seed.js';
import { TEST_DIRECTORY } from './directory.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { call, signInAs } from './webClientSession.js';

/** The chat list's quiet groups and "New chat" (docs/behaviour.md, Web client and console). */

/** The test directory with one more group of corp A, "Alpha" (alice and dave, no robots): two quiet groups for dave. */
const SEED: SeedFile = {
  ...TEST_DIRECTORY,
  corps: TEST_DIRECTORY.corps.map((corp) =>
    corp.corpId === 'corpA' ? { ...corp, groups: [...(corp.groups ?? []), { openConversationId: 'cidAlpha==', title: 'Alpha', owner: 'dave', members: ['alice', 'dave'] }] } : corp,
  ),
};

const chatPath = (chatId: string, rest = '') => `/api/chats/${encodeURIComponent(chatId)}${rest}`;
const chatIds = (body: { chats: Array<{ chatId: string }> }) => body.chats.map((chat) => chat.chatId);

let dingo: TestDingo;

beforeAll(async () => {
  dingo = await startTestDingo({}, SEED);
});
afterAll(() => dingo.close());
beforeEach(async () => {
  await dingo.http('/_dingo/reset', { method: 'POST' });
});

describe('groups without messages', () => {
  it("lists every group of the member, empty, after the chats with messages, by title; once written in, by its activity", async () => {
    const dave = await signInAs(dingo, 'corpA', 'dave');
    const quiet = await call(dingo, dave, '/api/chats');
    expect(quiet.body.chats).toEqual([
      { chatId: 'group:cidAlpha==', kind: 'group', title: 'Alpha', subtitle: 'Group · 2 members', unreadCount: 0, lastMessage: null, robots: [] },
      { chatId: 'group:cidQuietGroup==', kind: 'group', title: 'Quiet', subtitle: 'Group · 1 member', unreadCount: 0, lastMessage: null, robots: [] },
    ]);

    expect((await call(dingo, dave, chatPath('group:cidQuietGroup==', '/messages'), { method: 'POST', json: { text: 'anyone?' } })).status).toBe(200);
    expect(chatIds((await call(dingo, dave, '/api/chats')).body)).toEqual(['group:cidQuietGroup==', 'group:cidAlpha==']);
    await call(dingo, dave, chatPath('oto:appA', '/messages'), { method: 'POST', json: { text: 'hello robot' } });
    expect(chatIds((await call(dingo, dave, '/api/chats')).body)).toEqual(['oto:appA', 'group:cidQuietGroup==', 'group:cidAlpha==']);
  });

  it('opens an empty group with its robots for the composer, and a member writes into it with @', async () => {
    const bob = await signInAs(dingo, 'corpA', 'bob');
    const opened = await call(dingo, bob, chatPath('group:cidGroupA==', '/messages'));
    expect(opened.status).toBe(200);
    expect(opened.body.messages).toEqual([]);
    expect(opened.body.chat).toMatchObject({ chatId: 'group:cidGroupA==', title: 'Team A', unreadCount: 0, lastMessage: null });
    expect(opened.body.chat.robots.map((robot: { robotCode: string }) => robot.robotCode)).toEqual(['appA', 'robotStopped', 'suiteBot']);

    const sent = await call(dingo, bob, chatPath('group:cidGroupA==', '/messages'), { method: 'POST', json: { text: '@Robot A status?', atRobotCodes: ['appA'] } });
    expect(sent.status).toBe(200);
    const carol = await signInAs(dingo, 'corpA', 'carol');
    expect((await call(dingo, carol, '/api/chats')).body.chats).toEqual([
      expect.objectContaining({ chatId: 'group:cidGroupA==', unreadCount: 1, lastMessage: expect.objectContaining({ msgId: sent.body.msgId, text: '@Robot A status?' }) }),
    ]);
  });

  it('lists a group for its members only, and never in another corp', async () => {
    const lists = async (corpId: string, userId: string) => chatIds((await call(dingo, await signInAs(dingo, corpId, userId), '/api/chats')).body);
    expect(await lists('corpA', 'alice')).toEqual(['group:cidAlpha==', 'group:cidGroupA==']);
    expect(await lists('corpA', 'carol')).toEqual(['group:cidGroupA==']);
    expect(await lists('corpB', 'alice')).toEqual(['group:cidGroupB==']);
    expect(await lists('corpB', 'erin')).toEqual(['group:cidGroupB==']);

    const dave = await signInAs(dingo, 'corpA', 'dave');
    expect((await call(dingo, dave, chatPath('group:cidGroupA==', '/messages'))).status).toBe(404);
    const aliceOfB = await signInAs(dingo, 'corpB', 'alice');
    expect((await call(dingo, aliceOfB, chatPath('group:cidGroupA==', '/messages'))).status).toBe(404);
  });
});

describe('new chats with robots', () => {
  it("lists the enabled robots of the user's corp, its apps' and its authorised suite's, by name", async () => {
    const alice = await signInAs(dingo, 'corpA', 'alice');
    expect((await call(dingo, alice, '/api/robots')).body).toEqual({
      robots: [
        { robotCode: 'appNoPerm', name: 'Mute', chatId: 'oto:appNoPerm' },
        { robotCode: 'appA', name: 'Robot A', chatId: 'oto:appA' },
        { robotCode: 'appA2', name: 'Robot A2', chatId: 'oto:appA2' },
        { robotCode: 'suiteBot', name: 'Suite Bot', chatId: 'oto:suiteBot' },
      ],
    });
    const aliceOfB = await signInAs(dingo, 'corpB', 'alice');
    expect((await call(dingo, aliceOfB, '/api/robots')).body).toEqual({ robots: [{ robotCode: 'appB', name: 'Robot B', chatId: 'oto:appB' }] });
  });

  it('needs a session', async () => {
    const response = await dingo.http('/api/robots');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('notSignedIn');
  });

  it('opens the chat of a robot the user never wrote to, empty; it is listed once the user writes', async () => {
    const carol = await signInAs(dingo, 'corpA', 'carol');
    const opened = await call(dingo, carol, chatPath('oto:suiteBot', '/messages'));
    expect(opened.body).toMatchObject({ chat: { chatId: 'oto:suiteBot', kind: 'robot', title: 'Suite Bot', unreadCount: 0, lastMessage: null }, messages: [] });
    expect(chatIds((await call(dingo, carol, '/api/chats')).body)).toEqual(['group:cidGroupA==']);

    await call(dingo, carol, chatPath('oto:suiteBot', '/messages'), { method: 'POST', json: { text: 'hi' } });
    expect(chatIds((await call(dingo, carol, '/api/chats')).body)).toEqual(['oto:suiteBot', 'group:cidGroupA==']);
  });
});
