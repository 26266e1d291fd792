import { createHmac } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { BotPush, PushChannel, PushOutcome, PushReply } from '../domain/pushChannel.js';
import type { DirectoryStore } from '../store/directoryStore.js';

/** The most of an answer's body Dingo reads: a robot message is far smaller. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * DingTalk's HTTP callback mode (docs/behaviour.md, HTTP callbacks): each push is
 * a POST of the message to the robot's `callbackUrl`, signed with the app's
 * secret, answered within a timeout. The transport only: what the answer means
 * is the delivery service's business (src/domain/botDeliveries.ts). The target is
 * whatever the admin configured; redirects are not followed.
 */
export class HttpCallbackChannel implements PushChannel {
  constructor(
    private readonly directory: Pick<DirectoryStore, 'findRobot' | 'findInternalApp' | 'findSuite'>,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  /** Every node posts callbacks. */
  canReach(): boolean {
    return true;
  }

  async push(push: BotPush): Promise<PushOutcome> {
    const robot = await this.directory.findRobot(push.corpId, push.robotCode);
    const target = robot?.callbackUrl ?? null;
    if (robot === undefined || target === null) {
      return { kind: 'posted', target: '', reply: Promise.resolve({ kind: 'failed', detail: 'the robot has no callbackUrl any more' }) };
    }
    const secret = (await this.directory.findInternalApp(robot.appKey))?.appSecret ?? (await this.directory.findSuite(robot.appKey))?.suiteSecret;
    if (secret === undefined) {
      return { kind: 'posted', target, reply: Promise.resolve({ kind: 'failed', detail: `the robot's app ${robot.appKey} does not exist` }) };
    }
    return { kind: 'posted', target, reply: this.post(target, secret, push.payload) };
  }

  private async post(url: string, secret: string, payload: string): Promise<PushReply> {
    const timestamp = String(this.clock.now());
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', timestamp, sign: callbackSign(timestamp, secret) },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await readCapped(response);
      if (response.status < 200 || response.status > 299) return { kind: 'failed', detail: `HTTP ${response.status}` };
      return { kind: 'answered', status: response.status, body: parseJsonOrUndefined(text) };
    } catch (error) {
      return { kind: 'failed', detail: describeFailure(error, this.timeoutMs) };
    }
  }
}

/** DingTalk's callback signature: base64(HMAC-SHA256(key = appSecret, timestamp + "\n" + appSecret)). */
export function callbackSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

/** The body's text, or '' past MAX_ANSWER_BYTES (then it is no message). */
async function readCapped(response: Response): Promise<string> {
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    return '';
  }
  const text = await response.text();
  return text.length > MAX_ANSWER_BYTES ? '' : text;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return `could not post: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
}
