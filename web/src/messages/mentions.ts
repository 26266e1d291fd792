/**
 * The @-mentions of a custom robot's text or markdown (the `atNames` of its template): each
 * `@<name>` of a mentioned member, or `@All`, is highlighted where it appears.
 */

export interface TextPart {
  readonly text: string;
  readonly mention: boolean;
}

/** `@Name` for each name, longest first so that "@Lin Qi" wins over "@Lin"; null when there is none. */
function mentionPattern(names: readonly string[]): RegExp | null {
  const handles = [...new Set(names.filter((name) => name !== ''))]
    .sort((a, b) => b.length - a.length)
    .map((name) => `@${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
  return handles.length === 0 ? null : new RegExp(`(${handles.join('|')})`, 'g');
}

/** The text cut into plain parts and mentions, in order. */
export function splitMentions(text: string, names: readonly string[]): TextPart[] {
  const pattern = mentionPattern(names);
  if (pattern === null) return [{ text, mention: false }];
  return text
    .split(pattern)
    .map((part, index) => ({ text: part, mention: index % 2 === 1 }))
    .filter((part) => part.text !== '');
}

/** Sanitised HTML with each mention's text wrapped in `<span class="mention">`; needs a DOM (the browser, or jsdom). */
export function highlightMentionsInHtml(html: string, names: readonly string[]): string {
  if (mentionPattern(names) === null) return html;
  const template = document.createElement('template');
  template.innerHTML = html;
  const walker = document.createTreeWalker(template.content, NodeFilter.SHOW_TEXT);
  const textNodes: Text[] = [];
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) textNodes.push(node as Text);
  for (const node of textNodes) {
    const parts = splitMentions(node.data, names);
    if (!parts.some((part) => part.mention)) continue;
    node.replaceWith(
      ...parts.map((part) => {
        if (!part.mention) return document.createTextNode(part.text);
        const span = document.createElement('span');
        span.className = 'mention';
        span.textContent = part.text;
        return span;
      }),
    );
  }
  return template.innerHTML;
}
