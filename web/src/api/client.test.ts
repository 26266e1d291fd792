import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError } from './client';

interface Call {
  url: string;
  init: RequestInit;
}

/** An ApiClient over a fake fetch that answers `status` with `body`, recording the calls. */
function clientAnswering(status: number, body: unknown, onUnauthorized = () => {}) {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  });
  return { client: new ApiClient(onUnauthorized, fetchImpl as typeof fetch), calls };
}

async function rejectionOf(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('ApiClient', () => {
  it('sends the session cookie and JSON, and answers the parsed body', async () => {
    const { client, calls } = clientAnswering(200, { user: null, dev: true });
    expect(await client.signIn({ corpId: 'corpA', userId: 'alice', password: 'pw' })).toEqual({ user: null, dev: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/api/session');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(new Headers(calls[0]?.init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ corpId: 'corpA', userId: 'alice', password: 'pw' });
  });

  it('encodes chat IDs as one path segment', async () => {
    const { client, calls } = clientAnswering(200, { read: 0 });
    await client.markChatRead('p2p:cid/a+b==');
    await client.chatMessages('oto:robot');
    expect(calls.map((call) => call.url)).toEqual(['/api/chats/p2p%3Acid%2Fa%2Bb%3D%3D/read', '/api/chats/oto%3Arobot/messages']);
  });

  it('puts only the given console filters in the query', async () => {
    const { client, calls } = clientAnswering(200, { messages: [] });
    await client.consoleMessages();
    await client.consoleMessages({ robotCode: 'appA', status: 'recalled' });
    expect(calls.map((call) => call.url)).toEqual(['/api/console/messages', '/api/console/messages?robotCode=appA&status=recalled']);
    await client.forCorp('corp B').consoleMessages({ robotCode: 'appB' });
    await client.forCorp('corpA').robotReception('bot/1');
    expect(calls.slice(2).map((call) => call.url)).toEqual(['/api/console/messages?corpId=corp+B&robotCode=appB', '/api/console/robots/bot%2F1/reception?corpId=corpA']);
  });

  it('rejects with the server’s code, message and request id', async () => {
    const { client } = clientAnswering(400, { code: 'invalidCredentials', message: 'Wrong organisation, user or password.', requestid: 'REQ-1' });
    const error = await rejectionOf(client.signIn({ corpId: 'c', userId: 'u', password: 'p' }));
    expect(error).toMatchObject({ status: 400, code: 'invalidCredentials', message: 'Wrong organisation, user or password.', requestId: 'REQ-1' });
  });

  it('reports a 401 to onUnauthorized, and still rejects', async () => {
    const onUnauthorized = vi.fn();
    const { client } = clientAnswering(401, { code: 'notSignedIn', message: 'Sign in first.', requestid: 'R' }, onUnauthorized);
    expect((await rejectionOf(client.chats())).code).toBe('notSignedIn');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('names the status when the error body is not the API’s', async () => {
    const { client } = clientAnswering(502, '<html>Bad gateway</html>');
    expect(await rejectionOf(client.chats())).toMatchObject({ status: 502, code: 'http.502' });
  });

  it('says the server cannot be reached when fetch fails', async () => {
    const client = new ApiClient(() => {}, (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch);
    expect(await rejectionOf(client.session())).toMatchObject({ status: 0, code: 'network' });
  });
});
