import { MarkdownBody } from './MarkdownBody';
import type { MarkdownMessageData } from './parseRobotMessage';

/**
 * sampleMarkdown: the sanitised markdown, as DingTalk shows it in the chat. The title is the
 * preview text (chat list, notifications), so here it only names the card for assistive technology.
 */
export function MarkdownMessage({ message }: { readonly message: MarkdownMessageData }) {
  return (
    <article className="card markdown-message" aria-label={message.title}>
      <MarkdownBody markdown={message.text} mentions={message.atNames} />
    </article>
  );
}
