/**
 * The URL policy of the web client. Robot messages are untrusted: only
 * absolute URLs with an allowed scheme survive, everything else becomes
 * inert (the caller renders text or a disabled control instead).
 *
 * The returned value is the parsed, re-serialised URL, so what ends up in
 * the DOM is exactly what was checked (no "java\tscript:" tricks).
 */

/** Schemes a link (card, button, markdown link) may point to. */
const LINK_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'dingtalk:']);

/** Schemes an image may load from. */
const IMAGE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

function absoluteUrl(raw: string): URL | null {
  try {
    return new URL(raw.trim());
  } catch {
    return null;
  }
}

function allowedUrl(raw: string, protocols: ReadonlySet<string>): string | null {
  const url = absoluteUrl(raw);
  return url !== null && protocols.has(url.protocol) ? url.href : null;
}

/** The href to use for a link, or null if the link must be inert. */
export function toLinkHref(raw: string): string | null {
  return allowedUrl(raw, LINK_PROTOCOLS);
}

/** The src to use for an image, or null if the image must not load. */
export function toImageSrc(raw: string): string | null {
  return allowedUrl(raw, IMAGE_PROTOCOLS);
}

/** Where the web API serves the bytes of a media id (docs/behaviour.md, Files). */
const MEDIA_PATH = '/api/media/';

/**
 * The same-origin URL of a DingTalk media id (what `/media/upload` answers), or null
 * when `raw` is empty or an absolute URL of any scheme (those go through the URL
 * policy above, never here).
 */
export function toMediaSrc(raw: string): string | null {
  const id = raw.trim();
  if (id === '' || absoluteUrl(id) !== null) return null;
  return MEDIA_PATH + encodeURIComponent(id);
}
