import { parseRobotMessage, type RobotMessage } from './parseRobotMessage';

/** Whitespace, line breaks included, folded to single spaces. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A robot message as one line of plain text, for the chat list and the
 * console: the text itself, the title of markdown and cards, or a bracketed
 * name for media, as DingTalk's own chat list shows them.
 */
export function messagePreview(message: RobotMessage): string {
  const parsed = parseRobotMessage(message);
  switch (parsed.kind) {
    case 'text':
      return oneLine(parsed.content);
    case 'markdown':
    case 'link':
    case 'actionCard':
      return oneLine(parsed.title);
    case 'feedCard':
      return oneLine(parsed.links[0]?.title ?? '');
    case 'image':
      return '[Image]';
    case 'audio':
      return '[Voice]';
    case 'file':
      return oneLine(`[File] ${parsed.fileName}`);
    case 'video':
      return '[Video]';
    case 'unsupported':
      return '[Unsupported message]';
  }
}
