import { useMemo } from 'react';
import { markdownToSafeHtml } from './markdownToSafeHtml';

/** Untrusted markdown, rendered through the sanitiser. */
export function MarkdownBody({ markdown }: { readonly markdown: string }) {
  const html = useMemo(() => markdownToSafeHtml(markdown), [markdown]);
  return <div className="markdown-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
