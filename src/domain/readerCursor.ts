import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ReaderPosition } from '../store/messageStore.js';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The `nextToken` of privateChatMessages/query: the position of the last reader
 * on a page, sealed with AES-256-GCM. The corp and the message are authenticated
 * with it, so a token is opaque, cannot be forged or altered, and is refused for
 * any other message or corp.
 */
export class ReaderCursor {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the cursor key must be 32 bytes');
  }

  seal(corpId: string, processQueryKey: string, position: ReaderPosition): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(boundTo(corpId, processQueryKey));
    const sealed = Buffer.concat([cipher.update(JSON.stringify([position.readAt, position.userId]), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  }

  /** The position inside `token`, or undefined when Dingo did not issue it for this corp and message. */
  open(corpId: string, processQueryKey: string, token: string): ReaderPosition | undefined {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length <= IV_BYTES + TAG_BYTES || bytes.toString('base64url') !== token) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(boundTo(corpId, processQueryKey));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
      const [readAt, userId] = JSON.parse(plain.toString('utf8')) as [number, string];
      return { readAt, userId };
    } catch {
      return undefined;
    }
  }
}

function boundTo(corpId: string, processQueryKey: string): Buffer {
  return Buffer.from(JSON.stringify([corpId, processQueryKey]), 'utf8');
}
