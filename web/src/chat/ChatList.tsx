export interface ChatListItem {
  readonly id: string;
  readonly title: string;
  /** One line under the title: the latest message, as text. */
  readonly preview: string;
  readonly time: string;
  readonly unreadCount: number;
}

interface ChatListProps {
  readonly chats: readonly ChatListItem[];
  readonly selectedId: string;
  readonly onSelect: (chatId: string) => void;
}

/** The sidebar: the user's chats, newest first, with unread badges. */
export function ChatList({ chats, selectedId, onSelect }: ChatListProps) {
  return (
    <ul className="chat-list">
      {chats.map((chat) => (
        <li key={chat.id}>
          <button
            type="button"
            className={chat.id === selectedId ? 'chat-list__item is-selected' : 'chat-list__item'}
            aria-current={chat.id === selectedId}
            onClick={() => onSelect(chat.id)}
          >
            <span className="avatar" aria-hidden="true">
              {chat.title.slice(0, 1)}
            </span>
            <span className="chat-list__text">
              <span className="chat-list__title">{chat.title}</span>
              <span className="chat-list__preview">{chat.preview}</span>
            </span>
            <span className="chat-list__meta">
              <span className="chat-list__time">{chat.time}</span>
              {chat.unreadCount > 0 && (
                <span className="badge" aria-label={`${chat.unreadCount} unread`}>
                  {chat.unreadCount > 99 ? '99+' : chat.unreadCount}
                </span>
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
