import { useMemo } from 'react';
import { markdownToSafeHtml } from './markdownToSafeHtml';
import { highlightMentionsInHtml } from './mentions';

const NO_MENTIONS: readonly string[] = [];

/** Untrusted markdown, rendered through the sanitiser; the `mentions` (names) highlighted where `@Name` appears. */
export function MarkdownBody({ markdown, mentions = NO_MENTIONS }: { readonly markdown: string; readonly mentions?: readonly string[] }) {
  const html = useMemo(() => highlightMentionsInHtml(markdownToSafeHtml(markdown), mentions), [markdown, mentions]);
  return <div className="markdown-body" dangerouslySetInnerHTML={{ __html: html }} />;
}
