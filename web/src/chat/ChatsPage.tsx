import { useEffect } from 'react';
import { useApi } from '../api/ApiContext';
import { useLiveChanges } from '../api/LiveEventsProvider';
import { useResource } from '../api/useResource';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';
import { ChatList } from './ChatList';
import { NewChat } from './NewChat';
import { OpenChat } from './OpenChat';

/** The recipient's client: their chats on the left, the open one on the right, both live. */
export function ChatsPage({ chatId, signedInUserId }: { readonly chatId: string | null; readonly signedInUserId: string }) {
  const api = useApi();
  const chats = useResource(() => api.chats(), [api]);
  useLiveChanges((change) => {
    // Events without a chat are the console's (an admin hears the whole corp): none of this user's chats changed.
    if (change.kind === 'resync' || change.event.chatId !== null) chats.reload();
  });

  const list = chats.data?.chats ?? [];
  const unread = list.reduce((total, chat) => total + chat.unreadCount, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) Dingo` : 'Dingo';
    return () => {
      document.title = 'Dingo';
    };
  }, [unread]);
  return (
    <div className="chats-page">
      <aside className="sidebar" aria-label="Your chats">
        <NewChat />
        {chats.error !== null && <ErrorNotice title="Could not load your chats" error={chats.error} onRetry={chats.reload} />}
        {chats.data === null ? (
          chats.error === null && <LoadingNotice label="Loading chats…" />
        ) : list.length === 0 ? (
          <EmptyState title="No chats yet" />
        ) : (
          <ChatList chats={list} selectedId={chatId} signedInUserId={signedInUserId} />
        )}
      </aside>
      {chatId === null ? (
        <section className="chat-pane chat-pane--idle">
          <EmptyState title={list.length === 0 ? 'No messages yet — send one with the curl in Dingo’s banner' : 'Pick a chat'}>
            {list.length === 0
              ? 'Messages your robots send to you appear here the moment they arrive. To write to a robot first, use New chat.'
              : 'Messages are marked read when you open their chat. New chat starts one with a robot.'}
          </EmptyState>
        </section>
      ) : (
        <OpenChat key={chatId} chatId={chatId} signedInUserId={signedInUserId} onRead={chats.reload} />
      )}
    </div>
  );
}
