/** The bench's own calls to a server under test (setup and soak; the measured load goes through autocannon). */
export interface Answer {
  status: number;
  body: any;
}

export async function call(url: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body };
}

/** The body of a 2xx answer; anything else throws with what came back. */
export async function expectOk(what: string, url: string, init: Parameters<typeof call>[1] = {}): Promise<any> {
  const answer = await call(url, init);
  if (answer.status < 200 || answer.status > 299) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export function tokenHeaders(accessToken: string): Record<string, string> {
  return { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': accessToken };
}
