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

function allowedUrl(raw: string, protocols: ReadonlySet<string>): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return protocols.has(url.protocol) ? url.href : null;
}

/** The href to use for a link, or null if the link must be inert. */
export function toLinkHref(raw: string): string | null {
  return allowedUrl(raw, LINK_PROTOCOLS);
}

/** The src to use for an image, or null if the image must not load. */
export function toImageSrc(raw: string): string | null {
  return allowedUrl(raw, IMAGE_PROTOCOLS);
}
