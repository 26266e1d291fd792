import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { Marked } from 'marked';
import { toImageSrc, toLinkHref } from './safeUrl';

/**
 * Markdown → HTML that is safe to put into the page with innerHTML.
 *
 * marked turns the markdown (and any raw HTML in it) into HTML; DOMPurify then
 * keeps only the allow-lists below, and a hook applies the client's URL policy
 * (safeUrl.ts) to every link and image. DingTalk's `<font color="…">` survives:
 * `color` is a presentational HTML attribute, not inline CSS, so the strict
 * Content-Security-Policy of the web client does not block it.
 *
 * DOMPurify needs a DOM: this runs in the browser, or under jsdom in tests.
 */

// GFM with `breaks`: a single newline in a robot's markdown is a line break,
// as bots write it for DingTalk.
const markdown = new Marked({ gfm: true, breaks: true });

const SANITIZE_CONFIG: Config = {
  ALLOWED_TAGS: [
    'a', 'b', 'blockquote', 'br', 'code', 'del', 'em', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
    'hr', 'i', 'img', 'li', 'ol', 'p', 'pre', 's', 'strong',
    'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
  ],
  ALLOWED_ATTR: ['align', 'alt', 'color', 'href', 'src', 'start', 'title'],
  // href and src: only these schemes (the hook below then applies the full URL
  // policy). The other allowed attributes are not URLs and skip this check.
  ALLOWED_URI_REGEXP: /^(?:https?|dingtalk):/i,
  ADD_URI_SAFE_ATTR: ['align', 'color', 'start'],
  ALLOW_ARIA_ATTR: false,
  ALLOW_DATA_ATTR: false,
};

/** A hex colour (#rgb, #rrggbb) or a colour keyword such as "red". */
const FONT_COLOR = /^(?:#[0-9a-f]{3}|#[0-9a-f]{6}|[a-z]{3,20})$/i;

function secureLink(link: Element): void {
  const href = toLinkHref(link.getAttribute('href') ?? '');
  if (href === null) {
    link.removeAttribute('href'); // an <a> without href is plain, inert text
    return;
  }
  link.setAttribute('href', href);
  link.setAttribute('target', '_blank');
  link.setAttribute('rel', 'noopener noreferrer');
}

function secureImage(image: Element): void {
  const src = toImageSrc(image.getAttribute('src') ?? '');
  if (src === null) {
    image.remove();
    return;
  }
  image.setAttribute('src', src);
  image.setAttribute('loading', 'lazy');
  image.setAttribute('referrerpolicy', 'no-referrer');
}

function secureFontColor(font: Element): void {
  const color = font.getAttribute('color');
  if (color !== null && !FONT_COLOR.test(color)) font.removeAttribute('color');
}

function enforcePolicies(element: Element): void {
  switch (element.tagName) {
    case 'A':
      secureLink(element);
      break;
    case 'IMG':
      secureImage(element);
      break;
    case 'FONT':
      secureFontColor(element);
      break;
  }
}

let purifier: Purifier | undefined;

/** A private DOMPurify instance, so our hook never affects other users of the library. */
function getPurifier(): Purifier {
  if (purifier === undefined) {
    purifier = DOMPurify(window);
    purifier.addHook('afterSanitizeAttributes', enforcePolicies);
  }
  return purifier;
}

export function markdownToSafeHtml(source: string): string {
  const html = markdown.parse(source, { async: false });
  return getPurifier().sanitize(html, SANITIZE_CONFIG);
}
