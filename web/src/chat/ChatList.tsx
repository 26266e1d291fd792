import type { ChatEntry, ChatSummary } from '../api/contract';
import { formatListTime } from '../formatTime';
import { messagePreview } from '../messages/messagePreview';
import { AppLink } from '../routing/AppLink';
import { chatPath } from '../routing/routes';
import { isOwnMessage } from './chatEntries';

interface ChatListProps {
  readonly chats: readonly ChatSummary[];
  readonly selectedId: string | null;
  readonly signedInUserId: string;
}

/** The newest message in one line: a robot's by its template, a member's text after their name (or "You"). */
function previewOf(message: ChatEntry, signedInUserId: string): string {
  if (message.kind === 'robot') return messagePreview(message);
  const attachment = message.attachment === undefined ? '' : message.attachment.kind === 'picture' ? '[Image]' : `[File] ${message.attachment.name}`;
  return `${isOwnMessage(message, signedInUserId) ? 'You' : message.sender.name}: ${[message.text, attachment].filter((part) => part !== '').join(' ')}`;
}

/** The sidebar: the user's chats as the server orders them (newest first), with a preview and unread badges. */
export function ChatList({ chats, selectedId, signedInUserId }: ChatListProps) {
  return (
    <ul className="chat-list" aria-label="Chats">
      {chats.map((chat) => {
        const selected = chat.chatId === selectedId;
        return (
          <li key={chat.chatId}>
            <AppLink to={chatPath(chat.chatId)} className={selected ? 'chat-list__item is-selected' : 'chat-list__item'} current={selected}>
              <span className={`avatar avatar--${chat.kind}`} aria-hidden="true">
                {chat.title.slice(0, 1)}
              </span>
              <span className="chat-list__text">
                <span className="chat-list__title">{chat.title}</span>
                <span className="chat-list__preview">{chat.lastMessage === null ? chat.subtitle : previewOf(chat.lastMessage, signedInUserId)}</span>
              </span>
              <span className="chat-list__meta">
                {chat.lastMessage !== null && (
                  <time className="chat-list__time" dateTime={chat.lastMessage.createdAt}>
                    {formatListTime(chat.lastMessage.createdAt)}
                  </time>
                )}
                {chat.unreadCount > 0 && (
                  <span className="badge" aria-label={`${chat.unreadCount} unread`}>
                    {chat.unreadCount > 99 ? '99+' : chat.unreadCount}
                  </span>
                )}
              </span>
            </AppLink>
          </li>
        );
      })}
    </ul>
  );
}
