import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CA_CERT_FILE, CA_KEY_FILE } from '../src/transparent/certificateAuthority.js';
import { PACKAGE_ROOT } from '../src/packageRoot.js';
import { startTestDingo, type TestDingo } from './harness.js';
import { absoluteUriRequest, connectThroughProxy, httpsOver, startTls } from './proxyClient.js';

/**
 * Transparent mode (docs/behaviour.md, Transparent mode): Dingo as the HTTPS proxy of clients that
 * hard-code DingTalk's hosts. Every connection of this file goes to loopback; Dingo runs in this
 * process, so a spy on every socket's `connect` sees any connection it would open.
 */

const work = mkdtempSync(join(tmpdir(), 'dingo-transparent-'));
const caDir = join(work, 'ca');
let dingo: TestDingo;
const dialled: string[] = [];

beforeAll(async () => {
  dingo = await startTestDingo({ transparent: true, caDir });
  const connect = net.Socket.prototype.connect;
  vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const [first] = args;
    const options = (Array.isArray(first) ? first[0] : first) as net.TcpNetConnectOpts | number;
    dialled.push(typeof options === 'object' ? `${options.host ?? 'localhost'}:${options.port}` : `localhost:${options}`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await dingo?.close();
  rmSync(work, { recursive: true, force: true });
});
afterEach(() => {
  // Whatever a test did, nothing was dialled but this machine's loopback.
  expect(dialled.filter((target) => !/^(127\.0\.0\.1|localhost|::1):\d+$/.test(target))).toEqual([]);
});

const caPem = () => readFileSync(join(caDir, CA_CERT_FILE), 'utf8');

describe('CONNECT to a DingTalk host', () => {
  it("is answered by Dingo itself: TLS with a certificate for that host from Dingo's CA, then Dingo's API", async () => {
    const tunnel = await connectThroughProxy(dingo.url, 'api.dingtalk.com:443');
    expect(tunnel.status).toBe(200);
    const tls = await startTls(tunnel.socket, 'api.dingtalk.com', caPem());
    expect(tls.getPeerCertificate().subjectaltname).toBe('DNS:api.dingtalk.com');
    const answer = await httpsOver(tls, 'api.dingtalk.com', '/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } });
    expect(answer).toEqual({ status: 200, body: { accessToken: expect.stringMatching(/^[0-9a-f]{32}$/), expireIn: 7200 } });
    // The token is Dingo's: it sends a message.
    const sent = await dingo.http('/v1.0/robot/oToMessages/batchSend', {
      method: 'POST',
      token: answer.body.accessToken,
      json: { robotCode: 'appA', userIds: ['alice'], msgKey: 'sampleText', msgParam: JSON.stringify({ content: 'through the proxy' }) },
    });
    expect(sent.status).toBe(200);
  });

  it('serves oapi.dingtalk.com and api.dingtalk.io as well', async () => {
    for (const host of ['oapi.dingtalk.com', 'api.dingtalk.io']) {
      const tunnel = await connectThroughProxy(dingo.url, `${host}:443`);
      const tls = await startTls(tunnel.socket, host, caPem());
      const answer = await httpsOver(tls, host, '/gettoken?appkey=appA&appsecret=secretA');
      expect(answer).toEqual({ status: 200, body: expect.objectContaining({ errcode: 0, access_token: expect.any(String) }) });
    }
  });

  it("fails certificate verification for a client that does not trust Dingo's CA: the TLS is real", async () => {
    const tunnel = await connectThroughProxy(dingo.url, 'api.dingtalk.com:443');
    const refusal = await startTls(tunnel.socket, 'api.dingtalk.com', undefined).then(
      () => undefined,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(refusal).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });
});

describe('every other host', () => {
  it('CONNECT example.com:443 answers 403 with a clear body and closes', async () => {
    const tunnel = await connectThroughProxy(dingo.url, 'example.com:443');
    expect(tunnel.status).toBe(403);
    expect(JSON.parse(tunnel.body)).toEqual({
      code: 'Forbidden.ProxyTargetRefused',
      message: expect.stringContaining('Dingo is not an open proxy'),
      requestid: expect.any(String),
    });
    expect(JSON.parse(tunnel.body).message).toContain('"example.com:443" is refused');
    // The spy on sockets works: it saw this test dial Dingo.
    expect(dialled).toContain(new URL(dingo.url).host);
  });

  it('CONNECT to a DingTalk host on another port is refused too', async () => {
    expect((await connectThroughProxy(dingo.url, 'api.dingtalk.com:8443')).status).toBe(403);
  });

  it('an absolute-URI GET http://example.com/ answers 403, through the usual error envelope', async () => {
    const answer = await absoluteUriRequest(dingo.url, 'http://example.com/');
    expect(answer).toEqual({
      status: 403,
      body: { code: 'Forbidden.ProxyTargetRefused', message: expect.stringContaining('"example.com" is refused'), requestid: expect.any(String) },
    });
  });
});

describe('absolute-URI requests (a client that sends https:// URLs in plain HTTP to its proxy)', () => {
  it('for a DingTalk host are served', async () => {
    const token = await absoluteUriRequest(dingo.url, 'https://api.dingtalk.com/v1.0/oauth2/accessToken', { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } });
    expect(token).toEqual({ status: 200, body: { accessToken: expect.any(String), expireIn: 7200 } });
    const legacy = await absoluteUriRequest(dingo.url, 'http://oapi.dingtalk.com/gettoken?appkey=appA&appsecret=secretA');
    expect(legacy.body).toMatchObject({ errcode: 0, access_token: expect.any(String) });
  });

  it("for Dingo's own address are served (a sessionWebhook URL sent through HTTP_PROXY)", async () => {
    const answer = await absoluteUriRequest(dingo.url, `${dingo.url}/v1.0/oauth2/accessToken`, { method: 'POST', json: { appKey: 'appA', appSecret: 'secretA' } });
    expect(answer.status).toBe(200);
  });
});

describe("Dingo's CA", () => {
  it('is served at /_dingo/ca.pem in dev mode, the same as the file the banner names', async () => {
    const answer = await fetch(`${dingo.url}/_dingo/ca.pem`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/x-pem-file');
    expect(await answer.text()).toBe(caPem());
    expect(dingo.services.certificateAuthority?.certPath).toBe(join(caDir, CA_CERT_FILE));
  });

  it('keeps its key with mode 0600 and is reused by the next start', async () => {
    expect(statSync(join(caDir, CA_KEY_FILE)).mode & 0o777).toBe(0o600);
    const key = readFileSync(join(caDir, CA_KEY_FILE), 'utf8');
    const cert = caPem();
    const again = await startTestDingo({ transparent: true, caDir });
    try {
      expect(readFileSync(join(caDir, CA_KEY_FILE), 'utf8')).toBe(key);
      expect(caPem()).toBe(cert);
      // Its leaf certificates verify against the CA clients already trust.
      const tunnel = await connectThroughProxy(again.url, 'api.dingtalk.com:443');
      (await startTls(tunnel.socket, 'api.dingtalk.com', cert)).destroy();
    } finally {
      await again.close();
    }
  });
});

describe('with transparent mode off', () => {
  it('refuses CONNECT to DingTalk hosts, and serves no CA', async () => {
    const plain = await startTestDingo({ transparent: false });
    try {
      const tunnel = await connectThroughProxy(plain.url, 'api.dingtalk.com:443');
      expect(tunnel.status).toBe(403);
      expect(JSON.parse(tunnel.body).message).toContain('transparent mode is off');
      expect((await absoluteUriRequest(plain.url, 'https://api.dingtalk.com/v1.0/oauth2/accessToken', { method: 'POST', json: {} })).status).toBe(403);
      expect((await plain.http('/_dingo/ca.pem')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('the Node SDK dingtalk-stream in a child process, pointed at Dingo by its environment only', () => {
  let bot: ChildProcess | undefined;
  afterEach(async () => {
    if (bot?.exitCode === null) {
      const exited = new Promise((resolve) => bot?.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
    bot = undefined;
  });

  it.each([
    { sessionWebhookRoute: 'direct (only HTTPS_PROXY: axios sends http:// URLs straight)', httpProxy: false },
    { sessionWebhookRoute: 'through the proxy (HTTP_PROXY too: an absolute-URI request for Dingo itself)', httpProxy: true },
  ])('connects through the hard-coded gateway URL, receives a message and answers through its sessionWebhook, $sessionWebhookRoute', async ({ httpProxy }) => {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? work,
      HTTPS_PROXY: dingo.url,
      NODE_EXTRA_CA_CERTS: join(caDir, CA_CERT_FILE),
      ...(httpProxy ? { HTTP_PROXY: dingo.url } : {}),
    };
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'test', 'transparentBot.mjs'), 'appA', 'secretA'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    bot = child;
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('connected'), () => `the bot to connect; it printed: ${output}`);
    expect(dingo.services.streamGateway.connectionCount('appA')).toBe(1);

    const text = httpProxy ? 'through the proxy?' : 'straight?';
    const said = await dingo.http('/_dingo/say', { method: 'POST', json: { corpId: 'corpA', userId: 'bob', robotCode: 'appA', text } });
    expect(said.status).toBe(200);
    const reply = JSON.stringify({ content: `Bob, you said: ${text}` });
    await waitFor(
      async () => (await dingo.http('/_dingo/inbox?corpId=corpA&userId=bob')).body.messages.some((m: { msgParam: string }) => m.msgParam === reply),
      () => `the bot's answer in the inbox; it printed: ${output}`,
    );
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
