import { useMemo } from 'react';
import { useApi } from '../api/ApiContext';
import { coalesce } from '../api/coalesce';
import { useLiveChanges } from '../api/LiveEventsProvider';
import { touchesChat } from '../api/liveEvents';
import { useResource } from '../api/useResource';
import { AppLink } from '../routing/AppLink';
import { CHATS_PATH } from '../routing/routes';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';
import { Composer } from './Composer';
import { MessageTimeline } from './MessageTimeline';

interface OpenChatProps {
  readonly chatId: string;
  readonly signedInUserId: string;
  /** Called after this chat's messages were marked read, so the list's badge can clear. */
  readonly onRead: () => void;
}

/**
 * The chat the user is looking at: its messages, kept live. Whatever is unread
 * when it loads is marked read at once (POST /api/chats/:chatId/read), as on
 * DingTalk: opening the chat, or a message arriving in it, reads it.
 * Mount it with `key={chatId}`.
 */
export function OpenChat({ chatId, signedInUserId, onRead }: OpenChatProps) {
  const api = useApi();
  const markRead = useMemo(
    () =>
      coalesce(async () => {
        try {
          if ((await api.markChatRead(chatId)).read > 0) onRead();
        } catch {
          // Not fatal: the messages stay unread and the next load tries again.
        }
      }),
    [api, chatId, onRead],
  );
  const chat = useResource(async () => {
    const loaded = await api.chatMessages(chatId);
    if (loaded.messages.some((message) => message.kind === 'robot' && message.readAt === null)) void markRead();
    return loaded;
  }, [api, chatId, markRead]);

  useLiveChanges((change) => {
    if (touchesChat(change, chatId)) chat.reload();
  });

  if (chat.data === null) {
    if (chat.error?.status === 404) {
      return (
        <section className="chat-pane">
          <EmptyState title="No such chat">
            This chat does not exist, or you are not in it. <AppLink to={CHATS_PATH}>Back to your chats</AppLink>
          </EmptyState>
        </section>
      );
    }
    return (
      <section className="chat-pane">
        {chat.error === null ? <LoadingNotice label="Loading messages…" /> : <ErrorNotice title="Could not load this chat" error={chat.error} onRetry={chat.reload} />}
      </section>
    );
  }

  const { chat: summary, messages } = chat.data;
  return (
    <section className="chat-pane" aria-label={summary.title}>
      <header className="chat-pane__header">
        <h1 className="chat-pane__title">{summary.title}</h1>
        <p className="chat-pane__subtitle">{summary.subtitle}</p>
      </header>
      {chat.error !== null && <ErrorNotice title="Could not refresh this chat" error={chat.error} onRetry={chat.reload} />}
      {messages.length === 0 ? <EmptyState title="No messages in this chat" /> : <MessageTimeline messages={messages} signedInUserId={signedInUserId} />}
      {(summary.kind === 'robot' || summary.kind === 'group') && <Composer chatId={chatId} chatTitle={summary.title} robots={summary.robots} />}
    </section>
  );
}
