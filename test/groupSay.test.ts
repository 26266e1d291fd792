import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { opaqueDingTalkId } from '../src/domain/botMessage.js';
import { streamSuite } from './streamBot.js';
import { call, listen, signInAs } from './webClientSession.js';

/**
 * Users write in groups (docs/behaviour.md, Conversations and Stream mode): only the robots a
 * message mentions receive it, through the official `dingtalk-stream` SDK; every member sees it.
 * Group cidGroupA: alice, bob, carol; robots appA (Robot A), suiteBot (Suite Bot), robotStopped.
 */

const start = Date.UTC(2026, 4, 4, 9);
const GROUP = 'cidGroupA==';
const stream = streamSuite(start);

const say = (json: Record<string, unknown>) => stream.dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', ...json } });
const bot = (clientId: string, clientSecret: string) => stream.bot(clientId, clientSecret);
const pushedRobots = async () => {
  await stream.dingo.services.botDeliveries.settled();
  return (await stream.dingo.services.store.botDeliveries.listWithLog('corpA', { limit: 20 })).map((d) => d.robotCode).sort();
};

describe('a group message with @', () => {
  it('reaches only the mentioned robot, with every field of a group message', async () => {
    const robotA = await bot('appA', 'secretA');
    const suiteBot = await bot('suiteS', 'suiteSecret');
    const said = await say({ userId: 'bob', openConversationId: GROUP, text: '@Robot A what is the plan?' });
    expect(said.status).toBe(200);
    const message = await robotA.next();
    expect(message.headers).toMatchObject({ topic: '/v1.0/im/bot/messages/get', appId: 'appA' });
    expect(JSON.parse(message.data)).toEqual({
      conversationId: GROUP,
      conversationType: '2',
      conversationTitle: 'Team A',
      atUsers: [{ dingtalkId: opaqueDingTalkId('robot', 'corpA', 'appA') }],
      isInAtList: true,
      chatbotCorpId: 'corpA',
      chatbotUserId: opaqueDingTalkId('robot', 'corpA', 'appA'),
      robotCode: 'appA',
      msgId: said.body.msgId,
      createAt: start,
      senderStaffId: 'bob',
      senderId: opaqueDingTalkId('user', 'corpA', 'bob'),
      senderNick: 'Bob',
      senderCorpId: 'corpA',
      isAdmin: false,
      msgtype: 'text',
      text: { content: '@Robot A what is the plan?' },
      sessionWebhook: expect.stringMatching(new RegExp(`^${stream.dingo.url}/robot/sendBySession\\?session=`)),
      sessionWebhookExpiredTime: start + 90 * 60_000,
    });
    expect(await pushedRobots()).toEqual(['appA']);
    expect(suiteBot.received).toEqual([]);
  });

  it('without a mention is stored and shown to every member, live, with unread counts, and pushed to nobody', async () => {
    const carol = await signInAs(stream.dingo, 'corpA', 'carol');
    const bob = await signInAs(stream.dingo, 'corpA', 'bob');
    const live = listen(stream.dingo, carol);
    await live.ready;
    const robotA = await bot('appA', 'secretA');
    const said = await say({ userId: 'bob', openConversationId: GROUP, text: 'just us humans' });
    const [event] = await live.waitFor(1);
    live.stop();
    expect(event).toEqual({ type: 'said', msgId: said.body.msgId, chatId: `group:${GROUP}` });

    const chats = await call(stream.dingo, carol, '/api/chats');
    expect(chats.body.chats).toEqual([expect.objectContaining({ chatId: `group:${GROUP}`, unreadCount: 1, lastMessage: expect.objectContaining({ kind: 'user', text: 'just us humans' }) })]);
    expect((await call(stream.dingo, bob, '/api/chats')).body.chats[0].unreadCount).toBe(0);
    const chat = await call(stream.dingo, carol, `/api/chats/${encodeURIComponent(`group:${GROUP}`)}/messages`);
    expect(chat.body.messages).toEqual([
      { kind: 'user', msgId: said.body.msgId, sender: { kind: 'user', id: 'bob', name: 'Bob' }, msgtype: 'text', text: 'just us humans', createdAt: new Date(start).toISOString() },
    ]);
    expect((await call(stream.dingo, carol, `/api/chats/${encodeURIComponent(`group:${GROUP}`)}/read`, { method: 'POST', json: {} })).body.read).toBe(1);
    expect((await call(stream.dingo, carol, '/api/chats')).body.chats[0].unreadCount).toBe(0);

    expect(await pushedRobots()).toEqual([]);
    expect(robotA.received).toEqual([]);
  });

  it("the bot's sessionWebhook reply is in every member's inbox, from that robot", async () => {
    const robotA = await bot('appA', 'secretA');
    await say({ userId: 'alice', openConversationId: GROUP, atRobot: true, robotCode: 'appA', text: 'ping' });
    const { sessionWebhook } = JSON.parse((await robotA.next()).data);
    const accessToken = await robotA.client.getAccessToken();
    const reply = await axios({ url: sessionWebhook, method: 'POST', data: { msgtype: 'text', text: { content: 'pong' } }, headers: { 'x-acs-dingtalk-access-token': accessToken } });
    expect(reply.data).toEqual({ errcode: 0, errmsg: 'ok' });
    for (const userId of ['alice', 'bob', 'carol']) {
      const inbox = await stream.dingo.http(`/_dingo/inbox?corpId=corpA&userId=${userId}`);
      expect(inbox.body.messages, userId).toEqual([expect.objectContaining({ robotCode: 'appA', openConversationId: GROUP, msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'pong' }) })]);
    }
    expect((await stream.dingo.http('/_dingo/inbox?corpId=corpA&userId=dave')).body.messages).toEqual([]);

    // 20 messages a minute per robot in one chat, in groups as in one-to-one chats.
    for (let i = 1; i < 20; i++) expect((await axios.post(sessionWebhook, { msgtype: 'text', text: { content: `${i}` } })).data.errcode).toBe(0);
    expect((await axios.post(sessionWebhook, { msgtype: 'text', text: { content: 'one too many' } })).data).toEqual({ errcode: 130101, errmsg: 'send too fast' });
  });

  it('mentions each robot named by @Name, robotCode or the composer, and lists them all in atUsers', async () => {
    const robotA = await bot('appA', 'secretA');
    const suiteBot = await bot('suiteS', 'suiteSecret');
    const alice = await signInAs(stream.dingo, 'corpA', 'alice');
    const sent = await call(stream.dingo, alice, `/api/chats/${encodeURIComponent(`group:${GROUP}`)}/messages`, {
      method: 'POST',
      json: { text: '@Robot A and you', atRobotCodes: ['suiteBot'] },
    });
    expect(sent.status).toBe(200);
    const atUsers = [{ dingtalkId: opaqueDingTalkId('robot', 'corpA', 'appA') }, { dingtalkId: opaqueDingTalkId('robot', 'corpA', 'suiteBot') }];
    expect(JSON.parse((await robotA.next()).data)).toMatchObject({ robotCode: 'appA', isInAtList: true, atUsers });
    expect(JSON.parse((await suiteBot.next()).data)).toMatchObject({ robotCode: 'suiteBot', isInAtList: true, atUsers, msgId: sent.body.msgId });
  });
});

describe('the group form of /_dingo/say', () => {
  it('refuses what cannot be said, each with its code', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ userId: 'alice', openConversationId: GROUP, atRobot: true, text: 'which one?' }, 'invalidParameter.atRobot.ambiguous'],
      [{ userId: 'dave', openConversationId: 'cidQuietGroup==', atRobot: true, text: 'anyone?' }, 'invalidParameter.atRobot.noRobot'],
      [{ userId: 'alice', openConversationId: GROUP, robotCode: 'appA2', text: 'x' }, 'invalidParameter.robotCode.notInGroup'],
      [{ userId: 'dave', openConversationId: GROUP, text: 'let me in' }, 'invalidParameter.userId.notInGroup'],
      [{ userId: 'alice', openConversationId: 'cidGroupB==', text: 'x' }, 'invalid.openConversationId'],
      [{ userId: 'alice', text: 'where?' }, 'invalidParameter.chat.missing'],
    ];
    for (const [body, code] of cases) {
      const answer = await say(body);
      expect({ status: answer.status, code: answer.body.code }, JSON.stringify(body)).toEqual({ status: 400, code });
    }
    expect(await pushedRobots()).toEqual([]);
  });
});
