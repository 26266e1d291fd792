import type { TestDingo } from './harness.js';

/**
 * Helpers of the file tests: a real picture, and `/media/upload` as a bot's
 * HTTP client sends it (multipart built with Node's FormData and Blob).
 */

/** A 1×1 PNG: small, and a picture a browser can decode (naturalWidth 1). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export interface UploadOptions {
  /** The multipart field the file goes in; DingTalk's is `media`. */
  field?: string;
  fileName?: string;
  contentType?: string;
}

/** `POST /media/upload?access_token=&type=`: the status and the JSON answer. */
export async function uploadMedia(dingo: TestDingo, token: string, type: string, bytes: Uint8Array<ArrayBuffer>, options: UploadOptions = {}) {
  const form = new FormData();
  form.append(options.field ?? 'media', new Blob([bytes], { type: options.contentType ?? 'image/png' }), options.fileName ?? 'picture.png');
  const query = new URLSearchParams({ access_token: token, type });
  const response = await fetch(`${dingo.url}/media/upload?${query}`, { method: 'POST', body: form });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A web client session cookie of a user, signed in through dev mode. */
export async function webSessionOf(dingo: TestDingo, corpId: string, userId: string): Promise<string> {
  const response = await fetch(`${dingo.url}/api/session/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ corpId, userId }),
  });
  if (response.status !== 200) throw new Error(`dev sign-in of ${corpId}/${userId} answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
}
