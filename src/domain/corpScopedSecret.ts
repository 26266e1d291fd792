import { createHash, randomBytes } from 'node:crypto';

/**
 * A bearer secret that names its corp: `<corpId, base64url>.<256 random bits>`.
 * The store keeps only `hash` under the corp, so a lookup is keyed by corp
 * first and a leaked table holds no usable secret. Web session cookies and
 * sessionWebhook sessions are such secrets.
 */
export function newCorpScopedSecret(corpId: string): { value: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { value: `${Buffer.from(corpId).toString('base64url')}.${secret}`, hash: hashOfSecret(secret) };
}

/** The corp and the secret's hash, or undefined when `value` is not of the shape. */
export function parseCorpScopedSecret(value: string): { corpId: string; hash: string } | undefined {
  const [corp, secret, ...rest] = value.split('.');
  if (!corp || !secret || rest.length > 0) return undefined;
  const corpId = Buffer.from(corp, 'base64url').toString('utf8');
  return corpId.includes('\u0000') ? undefined : { corpId, hash: hashOfSecret(secret) };
}

/** SHA-256, hex: how secrets are stored. */
export function hashOfSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
