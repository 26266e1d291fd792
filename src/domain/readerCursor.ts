import type { ReaderPosition } from '../store/messageStore.js';
import { SealedBox } from '../secrets/sealedBox.js';

/**
 * The `nextToken` of privateChatMessages/query: the position of the last reader
 * on a page, sealed with AES-256-GCM. The corp and the message are authenticated
 * with it, so a token is opaque, cannot be forged or altered, and is refused for
 * any other message or corp.
 */
export class ReaderCursor {
  private readonly box: SealedBox;

  constructor(key: Buffer) {
    this.box = new SealedBox(key);
  }

  seal(corpId: string, processQueryKey: string, position: ReaderPosition): string {
    return this.box.seal(JSON.stringify([position.readAt, position.userId]), boundTo(corpId, processQueryKey));
  }

  /** The position inside `token`, or undefined when Dingo did not issue it for this corp and message. */
  open(corpId: string, processQueryKey: string, token: string): ReaderPosition | undefined {
    const plain = this.box.open(token, boundTo(corpId, processQueryKey));
    if (plain === undefined) return undefined;
    const [readAt, userId] = JSON.parse(plain) as [number, string];
    return { readAt, userId };
  }
}

function boundTo(corpId: string, processQueryKey: string): string {
  return JSON.stringify([corpId, processQueryKey]);
}
