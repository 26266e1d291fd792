import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskSecretParameters } from '../src/logging.js';
import { CUSTOM_ROBOT_SECRET, CUSTOM_ROBOT_SEED } from './customRobotSeed.js';
import type { TestDingo } from './harness.js';
import { startLoggedDingo } from './loggedDingo.js';
import { connectRawSocket } from './streamBot.js';
import { signInWithPassword } from './webClientSession.js';

describe('masking secret query parameters', () => {
  it('masks every secret parameter however its name is encoded, spelled or repeated, and keeps the rest', () => {
    expect(maskSecretParameters('/gettoken?appkey=a&app%73ecret=S1&AppSecret=S2&APPSECRET=S3&appsecret=S4&appsecret=S5')).toBe(
      '/gettoken?appkey=a&app%73ecret=[redacted]&AppSecret=[redacted]&APPSECRET=[redacted]&appsecret=[redacted]&appsecret=[redacted]',
    );
    expect(maskSecretParameters('/robot/send?%61ccess_token=T&timestamp=1&Sign=X%2B&x=%ZZ')).toBe('/robot/send?%61ccess_token=[redacted]&timestamp=1&Sign=[redacted]&x=%ZZ');
    expect(maskSecretParameters('/robot/sendBySession?session=S&%zz%73ession=T')).toBe('/robot/sendBySession?session=[redacted]&%zz%73ession=T');
    expect(maskSecretParameters('/x?%20token%20=T&password&ticket=K&suiteSecret=Q')).toBe('/x?%20token%20=[redacted]&password=[redacted]&ticket=[redacted]&suiteSecret=[redacted]');
    expect(maskSecretParameters('/healthz')).toBe('/healthz');
  });
});

describe('a log at trace level of a whole API and web session', () => {
  let dingo: TestDingo;
  let log: () => string;
  const secrets = new Set<string>(['secretA', 'secretB', 'alice-pw', CUSTOM_ROBOT_SECRET, 'tok-signed', 'metrics-bearer-0123456789']);

  beforeAll(async () => {
    ({ dingo, log } = await startLoggedDingo({ logLevel: 'trace', metrics: { kind: 'bearer', token: 'metrics-bearer-0123456789' } }, CUSTOM_ROBOT_SEED));
  });
  afterAll(() => dingo.close());

  it('holds no token, secret, password or cookie value', async () => {
    const token = await dingo.appToken('appA', 'secretA');
    secrets.add(token);
    for (const query of ['appkey=appB&app%73ecret=secretB', 'appkey=appB&AppSecret=secretB&appsecret=secretB', 'appkey=appB&appsecret=wrong&appsecret=secretB']) {
      const legacy = await dingo.http(`/gettoken?${query}`);
      if (legacy.body.access_token) secrets.add(legacy.body.access_token);
    }
    const legacyToken = [...secrets].at(-1) as string;
    expect(legacyToken).not.toBe('metrics-bearer-0123456789');
    await dingo.http('/v1.0/robot/oToMessages/batchSend', {
      method: 'POST',
      token,
      json: { robotCode: 'appA', userIds: ['bob'], msgKey: 'sampleText', msgParam: '{"content":"hello"}' },
    });
    await dingo.http(`/topapi/v2/user/get?access_token=${legacyToken}`, { method: 'POST', json: { userid: 'bob' } });
    await dingo.http(`/topapi/v2/user/get?ACCESS_TOKEN=${legacyToken}`, { method: 'POST', json: { userid: 'bob' } });

    // The web client: sign-in with a password, then calls with the cookie.
    const cookie = await signInWithPassword(dingo, 'corpA', 'alice', 'alice-pw');
    secrets.add(cookie.slice(cookie.indexOf('=') + 1));
    for (const path of ['/api/session', '/api/chats', '/api/console/directory?corpId=corpA']) {
      expect((await fetch(`${dingo.url}${path}`, { headers: { cookie } })).status).toBe(200);
    }

    // A sessionWebhook, as a bot answers a user.
    await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'alice', robotCode: 'appA', text: 'hi' } });
    const [delivery] = await dingo.services.store.botDeliveries.listWithLog('corpA', { robotCode: 'appA', limit: 1 });
    const webhook = new URL(JSON.parse(delivery?.payload ?? '{}').sessionWebhook);
    secrets.add(webhook.searchParams.get('session') as string);
    const answered = await fetch(webhook, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ msgtype: 'text', text: { content: 'hey' } }) });
    expect((await answered.json()).errcode).toBe(0);

    // A custom robot with a signing secret.
    const timestamp = Date.now();
    const sign = createHmac('sha256', CUSTOM_ROBOT_SECRET).update(`${timestamp}\n${CUSTOM_ROBOT_SECRET}`).digest('base64');
    secrets.add(sign);
    const robot = await dingo.http(`/robot/send?access_token=tok-signed&timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`, {
      method: 'POST',
      json: { msgtype: 'text', text: { content: 'alert' } },
    });
    expect(robot.body.errcode).toBe(0);

    // Stream mode: the connection's ticket; /metrics with its bearer token; an authorization header anywhere.
    const stream = await connectRawSocket(dingo, 'appA', 'secretA');
    secrets.add(stream.ticket);
    stream.socket.close();
    expect((await dingo.http('/metrics', { headers: { authorization: 'Bearer metrics-bearer-0123456789' } })).status).toBe(200);

    expect(log()).toContain('[redacted]');
    expect(log()).toContain('/gettoken');
    expect(log()).toContain('"level":20'); // below info too: /metrics is logged at debug
    for (const secret of secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        expect({ secret: form, inLog: log().includes(form) }).toEqual({ secret: form, inLog: false });
      }
    }
  });
});
