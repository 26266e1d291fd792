import axios from 'axios';
import { describe, expect, it } from 'vitest';
import { opaqueDingTalkId } from '../src/domain/botMessage.js';
import { startTestDingo } from './harness.js';
import { connectRawSocket, streamSuite, until } from './streamBot.js';

/** Stream mode with the official `dingtalk-stream` SDK as the bot (docs/behaviour.md, Conversations and Stream mode). */

const start = Date.UTC(2026, 4, 4, 9);
const stream = streamSuite(start);

const say = async (text: string, userId = 'alice', robotCode = 'appA') => {
  const answer = await stream.dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId, robotCode, text } });
  expect(answer.status).toBe(200);
  return answer.body.msgId as string;
};
const bot = (ack = true) => stream.bot('appA', 'secretA', ack);
const deliveryLog = async () => {
  await stream.dingo.services.botDeliveries.settled();
  return stream.dingo.services.store.botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 10 });
};

describe('a dingtalk-stream bot', () => {
  it('receives what a user says with every field, acks it, and its sessionWebhook reply reaches the user', async () => {
    const robot = await bot();
    const msgId = await say('hello robot');
    const message = await robot.next();
    expect(message.type).toBe('CALLBACK');
    expect(message.headers).toMatchObject({ topic: '/v1.0/im/bot/messages/get', contentType: 'application/json', appId: 'appA', time: String(start) });
    const payload = JSON.parse(message.data);
    expect(payload).toEqual({
      conversationId: expect.stringMatching(/^cid/),
      conversationType: '1',
      chatbotCorpId: 'corpA',
      chatbotUserId: opaqueDingTalkId('robot', 'corpA', 'appA'),
      robotCode: 'appA',
      msgId,
      createAt: start,
      senderStaffId: 'alice',
      senderId: opaqueDingTalkId('user', 'corpA', 'alice'),
      senderNick: 'Alice',
      senderCorpId: 'corpA',
      isAdmin: true,
      msgtype: 'text',
      text: { content: 'hello robot' },
      sessionWebhook: expect.stringMatching(new RegExp(`^${stream.dingo.url}/robot/sendBySession\\?session=`)),
      sessionWebhookExpiredTime: start + 90 * 60_000,
    });
    expect(payload.senderId).toMatch(/^\$:LWCP_v1:\$/);

    // The reply, as the SDK's README sends it: axios, with the app's token in the header.
    const accessToken = await robot.client.getAccessToken();
    const reply = await axios({
      url: payload.sessionWebhook,
      method: 'POST',
      responseType: 'json',
      data: { msgtype: 'text', text: { content: 'hello human' } },
      headers: { 'x-acs-dingtalk-access-token': accessToken },
    });
    expect({ status: reply.status, data: reply.data }).toEqual({ status: 200, data: { errcode: 0, errmsg: 'ok' } });
    const inbox = await stream.dingo.http('/_dingo/inbox?corpId=corpA&userId=alice');
    expect(inbox.body.messages).toEqual([expect.objectContaining({ robotCode: 'appA', msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'hello human' }) })]);

    // Acked: never pushed again, whatever the clock does.
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 5 * 60_000 } });
    const [delivery] = await deliveryLog();
    expect(delivery?.status).toBe('acked');
    expect(delivery?.log.map((entry) => entry.event)).toEqual(['queued', 'pushed', 'acked']);
    expect(robot.received).toHaveLength(1);

    // The conversationId is the chat's: the same for the next message.
    await say('again');
    expect(JSON.parse((await robot.next()).data).conversationId).toBe(payload.conversationId);
  });

  it('gets an unacked message again once the clock moves 60 s, with the same messageId and msgId', async () => {
    const robot = await bot(false);
    await say('are you there?');
    const first = await robot.next();
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 59_000 } });
    await stream.dingo.services.botDeliveries.settled();
    expect(robot.received).toHaveLength(1);
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 1_000 } });
    const again = await robot.next();
    expect(again.headers.messageId).toBe(first.headers.messageId);
    expect(JSON.parse(again.data).msgId).toBe(JSON.parse(first.data).msgId);
    const [delivery] = await deliveryLog();
    expect(delivery?.log.map((entry) => entry.event)).toEqual(['queued', 'pushed', 'redelivered']);
  });

  it('with two connections of one app, gets each message once', async () => {
    const one = await bot();
    const two = await bot();
    for (let i = 0; i < 6; i++) await say(`message ${i}`);
    await until(() => one.received.length + two.received.length === 6);
    // The acks are on their way: the clock moves once they arrived, so nothing is due again.
    await until(async () => (await deliveryLog()).filter((delivery) => delivery.status === 'acked').length === 6);
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 120_000 } });
    await stream.dingo.services.botDeliveries.settled();
    const texts = [...one.received, ...two.received].map((m) => JSON.parse(m.data).text.content).sort();
    expect(texts).toEqual([0, 1, 2, 3, 4, 5].map((i) => `message ${i}`));
    expect(one.received.length).toBeGreaterThan(0);
    expect(two.received.length).toBeGreaterThan(0);
  });

  it('gets a message said while it was not connected when it connects, within the redelivery window', async () => {
    const msgId = await say('while you were away');
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 30_000 } });
    const robot = await bot();
    expect(JSON.parse((await robot.next()).data).msgId).toBe(msgId);
  });

  it('never gets a message whose window passed before it connected: it counts as undelivered', async () => {
    await say('too late');
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 60_000 } });
    const [delivery] = await deliveryLog();
    expect(delivery?.status).toBe('undelivered');
    const robot = await bot();
    await stream.dingo.services.botDeliveries.settled();
    expect(robot.received).toHaveLength(0);
  });

  it('hears nothing from a robot that receives nothing, though the message is stored', async () => {
    const quiet = await startTestDingo({}, {
      corps: [
        {
          corpId: 'c',
          name: 'C',
          users: [{ userId: 'u', name: 'U' }],
          apps: [{ appKey: 'quiet', appSecret: 's', name: 'Quiet', robots: [{ name: 'Quiet', receive: 'none' }] }],
        },
      ],
    });
    try {
      const said = await quiet.http('/_dingo/say', { method: 'POST', json: { corpId: 'c', userId: 'u', robotCode: 'quiet', text: 'anyone?' } });
      expect(said.status).toBe(200);
      expect(await quiet.services.store.botDeliveries.listWithLog('c', { limit: 10 })).toEqual([]);
      expect(await quiet.services.store.conversations.listOneToOneMessages('c', 'u', 'quiet')).toEqual([
        expect.objectContaining({ msgId: said.body.msgId, msgtype: 'text', content: { content: 'anyone?' } }),
      ]);
    } finally {
      await quiet.close();
    }
  });
});

describe('the gateway', () => {
  it('refuses bad credentials with invalidClientIdOrSecret', async () => {
    for (const [clientId, clientSecret] of [['appA', 'wrong'], ['nobody', 'secretA'], ['suiteS', 'wrong']]) {
      const answer = await stream.dingo.http('/v1.0/gateway/connections/open', { method: 'POST', json: { clientId, clientSecret, subscriptions: [] } });
      expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'invalidClientIdOrSecret' });
    }
    const suite = await stream.dingo.http('/v1.0/gateway/connections/open', { method: 'POST', json: { clientId: 'suiteS', clientSecret: 'suiteSecret', subscriptions: [] } });
    expect(suite.status).toBe(200);
  });

  it('accepts a ticket once, and not after 90 s', async () => {
    const raw = await connectRawSocket(stream.dingo, 'appA', 'secretA');
    raw.socket.close();
    const reuse = await fetchUpgrade(`${raw.endpoint}?ticket=${raw.ticket}`);
    expect(reuse).toBe(401);
    const opened = await stream.dingo.http('/v1.0/gateway/connections/open', { method: 'POST', json: { clientId: 'appA', clientSecret: 'secretA', subscriptions: [] } });
    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 90_000 } });
    expect(await fetchUpgrade(`${opened.body.endpoint}?ticket=${opened.body.ticket}`)).toBe(401);
    expect(await fetchUpgrade(`${opened.body.endpoint}?ticket=made-up`)).toBe(401);
  });

  it('sends a disconnect system message, then closes the socket', async () => {
    const raw = await connectRawSocket(stream.dingo, 'appA', 'secretA');
    expect(stream.dingo.services.streamGateway.disconnect('appA', 200)).toBe(1);
    await until(() => raw.events.includes('close'));
    expect(raw.events).toEqual(['SYSTEM disconnect', 'close']);
    expect(JSON.parse(raw.frames[0]?.data ?? '{}')).toEqual({ reason: expect.any(String) });
    expect(raw.frames[0]).toMatchObject({ specVersion: '1.0', headers: { appId: 'appA', contentType: 'application/json', messageId: expect.any(String), connectionId: expect.any(String) } });
  });
});

/** The HTTP status a WebSocket upgrade to `url` is answered with. */
async function fetchUpgrade(url: string): Promise<number> {
  const { default: WebSocket } = await import('ws');
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('error', () => undefined);
  });
}
