import { MarkdownBody } from './MarkdownBody';
import type { MarkdownMessageData } from './parseRobotMessage';

/** sampleMarkdown: the title as a heading line, then the sanitised markdown. */
export function MarkdownMessage({ message }: { readonly message: MarkdownMessageData }) {
  return (
    <article className="card markdown-message">
      <header className="card__title">{message.title}</header>
      <MarkdownBody markdown={message.text} />
    </article>
  );
}
