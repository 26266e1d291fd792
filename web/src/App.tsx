import { useState } from 'react';
import { ChatList } from './chat/ChatList';
import { ChatPane } from './chat/ChatPane';
import { galleryChats } from './gallery/galleryChats';

/**
 * For now a static gallery: demo chats showing every message template, and
 * one showing what the sanitiser does to hostile input. Opening a chat clears
 * its unread badge, as reading does in the real client.
 */
export function App() {
  const [selectedId, setSelectedId] = useState(galleryChats[0].id);
  const [openedIds, setOpenedIds] = useState<ReadonlySet<string>>(() => new Set([selectedId]));
  const selected = galleryChats.find((chat) => chat.id === selectedId) ?? galleryChats[0];

  function open(chatId: string): void {
    setSelectedId(chatId);
    setOpenedIds((opened) => new Set(opened).add(chatId));
  }

  return (
    <div className="app">
      <aside className="sidebar">
        <header className="sidebar__header">
          <span className="sidebar__brand">Dingo</span>
          <span className="sidebar__caption">Message gallery</span>
        </header>
        <ChatList
          chats={galleryChats.map((chat) => ({
            ...chat,
            unreadCount: openedIds.has(chat.id) ? 0 : chat.messages.length,
          }))}
          selectedId={selected.id}
          onSelect={open}
        />
      </aside>
      <ChatPane title={selected.title} subtitle={selected.subtitle} messages={selected.messages} />
    </div>
  );
}
