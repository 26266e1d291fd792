import type { FastifyReply } from 'fastify';
import type { FileWithBytes } from '../domain/mediaFiles.js';

/** Pictures a browser may show inline; anything else a user or bot uploaded is only ever downloaded. */
const INLINE_PICTURE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

/**
 * Sends stored bytes. Uploaded content is untrusted and served from Dingo's own origin,
 * so: pictures of a known type inline (when `inline`), everything else as an attachment
 * under its uploaded name; never sniffed, and sandboxed should a browser render it anyway.
 */
export function sendStoredFile(reply: FastifyReply, { file, bytes }: FileWithBytes, { inline, cacheControl }: { inline: boolean; cacheControl: string }) {
  const showInline = inline && file.kind === 'image' && INLINE_PICTURE_TYPES.has(file.contentType);
  return reply
    .header('content-type', file.contentType)
    .header('content-length', bytes.length)
    .header('content-disposition', showInline ? 'inline' : attachmentNamed(file.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', cacheControl)
    .send(bytes);
}

/** `attachment` with the name as UTF-8 (RFC 6266 `filename*`) and a plain-ASCII fallback for old clients. */
export function attachmentNamed(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
