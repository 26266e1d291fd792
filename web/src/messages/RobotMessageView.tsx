import { ActionCard } from './ActionCard';
import { describeMedia } from './describeMedia';
import { FeedCard } from './FeedCard';
import { ImageMessage } from './ImageMessage';
import { LinkCard } from './LinkCard';
import { MarkdownMessage } from './MarkdownMessage';
import { MediaPlaceholder } from './MediaPlaceholder';
import { parseRobotMessage, type RobotMessage } from './parseRobotMessage';
import { toMediaSrc } from './safeUrl';
import { TextMessage } from './TextMessage';
import { UnsupportedMessage } from './UnsupportedMessage';

/** A robot message ({msgKey, msgParam}) rendered by its template. Never throws on bad input. */
export function RobotMessageView({ message }: { readonly message: RobotMessage }) {
  const parsed = parseRobotMessage(message);
  switch (parsed.kind) {
    case 'text':
      return <TextMessage message={parsed} />;
    case 'markdown':
      return <MarkdownMessage message={parsed} />;
    case 'image':
      return <ImageMessage message={parsed} />;
    case 'link':
      return <LinkCard message={parsed} />;
    case 'actionCard':
      return <ActionCard message={parsed} />;
    case 'feedCard':
      return <FeedCard message={parsed} />;
    case 'audio':
    case 'file':
    case 'video':
      return <MediaPlaceholder {...describeMedia(parsed)} href={parsed.mediaId === null ? null : toMediaSrc(parsed.mediaId)} />;
    case 'unsupported':
      return <UnsupportedMessage message={parsed} />;
  }
}
