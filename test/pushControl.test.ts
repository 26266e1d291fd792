import { describe, expect, it } from 'vitest';
import { sdkError } from './harness.js';
import { otoClient } from './oto.js';
import { connectRawSocket, streamSuite, until } from './streamBot.js';

/** The control plane's levers on bots (docs/behaviour.md, Control plane): Stream disconnects and injected faults. */

const start = Date.UTC(2026, 4, 4, 9);
const stream = streamSuite(start);
const bot = (ack = true) => stream.bot('appA', 'secretA', ack);
const say = (text: string) => stream.dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode: 'appA', text } });
const deliveries = async () => (await stream.dingo.http('/_dingo/deliveries?robotCode=appA')).body;
const fault = (body: Record<string, unknown>) => stream.dingo.http('/_dingo/faults', { method: 'POST', json: body });

describe('POST /_dingo/streams/disconnect', () => {
  it("sends the disconnect system message, then closes the app's sockets", async () => {
    const raw = await connectRawSocket(stream.dingo, 'appA', 'secretA');
    const other = await connectRawSocket(stream.dingo, 'appB', 'secretB');
    const answer = await stream.dingo.http('/_dingo/streams/disconnect', { method: 'POST', json: { appKey: 'appA', closeAfterMs: 50 } });
    expect(answer.body).toEqual({ disconnected: 1 });
    await until(() => raw.events.includes('close'));
    expect(raw.events).toEqual(['SYSTEM disconnect', 'close']);
    expect(JSON.parse(raw.frames[0]!.data)).toEqual({ reason: expect.any(String) });
    expect(other.events).toEqual([]);
    other.socket.close();
  });

  it('lets a dingtalk-stream bot reconnect by itself and go on receiving', async () => {
    const robot = await bot();
    const [before] = (await deliveries()).connections;
    expect((await stream.dingo.http('/_dingo/streams/disconnect', { method: 'POST', json: { closeAfterMs: 50 } })).body).toEqual({ disconnected: 1 });
    await until(() => !robot.client.connected);
    // The SDK reconnects a second after the close (its autoReconnect).
    await until(async () => (await deliveries()).connections.some((c: { connectionId: string }) => c.connectionId !== before.connectionId), 10_000);
    await until(() => robot.client.connected);
    await say('still there?');
    expect(JSON.parse((await robot.next()).data).text).toEqual({ content: 'still there?' });
  });
});

describe('/_dingo/faults', () => {
  it('makes exactly count batchSend calls answer the injected 403, as the official SDK sees it, then normal', async () => {
    const token = await stream.dingo.appToken('appA', 'secretA');
    const send = () => otoClient(stream.dingo, token).send({ robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"hi"}' });
    const added = await fault({ api: '/v1.0/robot/oToMessages/batchSend', appKey: 'appA', code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', status: 403, count: 2 });
    expect(added.body).toMatchObject({ api: '/v1.0/robot/oToMessages/batchSend', appKey: 'appA', code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', status: 403, remaining: 2 });
    expect((await stream.dingo.http('/_dingo/faults')).body.faults).toHaveLength(1);

    for (let i = 0; i < 2; i++) {
      const error = await sdkError(send());
      expect(error).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', statusCode: 403 });
      expect(error.data.requestid).toMatch(/^[0-9A-F-]{36}$/);
    }
    expect((await send()).body?.processQueryKey).toEqual(expect.any(String));
    expect((await stream.dingo.http('/_dingo/faults')).body).toEqual({ faults: [] });
  });

  it('applies only to the app it names, answers 400 without a status, and is cleared by DELETE', async () => {
    await fault({ api: '/v1.0/robot/oToMessages/batchSend', appKey: 'appA2', code: 'invalidParameter.robotCode.invalid', count: 5 });
    const tokenA = await stream.dingo.appToken('appA', 'secretA');
    const tokenA2 = await stream.dingo.appToken('appA2', 'secretA2');
    const sendAs = (token: string, robotCode: string) => otoClient(stream.dingo, token).send({ robotCode, userIds: ['alice'], msgKey: 'sampleText', msgParam: '{"content":"hi"}' });
    expect((await sendAs(tokenA, 'appA')).statusCode).toBe(200);
    expect(await sdkError(sendAs(tokenA2, 'appA2'))).toMatchObject({ code: 'invalidParameter.robotCode.invalid', statusCode: 400 });
    expect((await stream.dingo.http('/_dingo/faults')).body.faults[0].remaining).toBe(4);
    expect((await stream.dingo.http('/_dingo/faults', { method: 'DELETE' })).body).toEqual({ cleared: 1 });
    expect((await sendAs(tokenA2, 'appA2')).statusCode).toBe(200);
  });

  it('answers a legacy path in its {errcode} form', async () => {
    await fault({ api: '/media/upload', code: '90018' });
    const token = await stream.dingo.appToken('appA', 'secretA');
    const form = new FormData();
    form.append('media', new Blob([Buffer.from('GIF89a')], { type: 'image/gif' }), 'a.gif');
    const upload = () => fetch(`${stream.dingo.url}/media/upload?access_token=${token}&type=image`, { method: 'POST', body: form }).then((r) => r.json());
    expect(await upload()).toEqual({ errcode: 90018, errmsg: expect.stringContaining('injected fault') });
    expect((await upload()).errcode).toBe(0);
  });

  it('refuses a rule it cannot apply', async () => {
    const refusals = await Promise.all([
      fault({ api: 'nowhere', code: 'x' }),
      fault({ api: '/v1.0/robot/oToMessages/batchSend' }),
      fault({ api: '/media/upload', code: 'notANumber' }),
      fault({ api: 'stream', status: 418 }),
    ]);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(400);
      expect(refusal.body.code).toBe('invalidParameter.param.invalid');
    }
  });

  it('withholds a Stream push: it shows as pushed but not sent, and is redelivered after the clock moves', async () => {
    const robot = await bot();
    await fault({ api: 'stream', appKey: 'appA' });
    await say('lost the first time');
    await until(async () => (await deliveries()).deliveries[0]?.status === 'pushed');
    expect(robot.received).toEqual([]);
    expect((await deliveries()).deliveries[0].attempts.at(-1)).toMatchObject({ event: 'pushed', connectionId: null, detail: 'not sent: an injected fault withheld it' });

    await stream.dingo.http('/_dingo/clock', { method: 'POST', json: { advanceMs: 60_000 } });
    expect(JSON.parse((await robot.next()).data).text).toEqual({ content: 'lost the first time' });
    await until(async () => (await deliveries()).deliveries[0].status === 'acked');
    expect((await deliveries()).deliveries[0].attempts.map((a: { event: string }) => a.event)).toEqual(['queued', 'pushed', 'redelivered', 'acked']);
  });
});
