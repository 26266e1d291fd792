import { useLayoutEffect, useRef } from 'react';
import type { ChatEntry, UserChatMessage } from '../api/contract';
import { formatMessageTime } from '../formatTime';
import { RobotMessageView } from '../messages/RobotMessageView';

/** The key of a chat entry: a robot message's processQueryKey, a user message's msgId. */
function entryKey(entry: ChatEntry): string {
  return entry.kind === 'user' ? `user:${entry.msgId}` : entry.processQueryKey;
}

/**
 * A chat's messages, oldest first: the robot's on the left with its name, the
 * user's own on the right, as chat apps show them; keeps the newest in view as messages arrive.
 */
export function MessageTimeline({ messages }: { readonly messages: readonly ChatEntry[] }) {
  const list = useRef<HTMLOListElement>(null);
  const newest = messages.at(-1);
  const newestKey = newest === undefined ? undefined : entryKey(newest);

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [newestKey]);

  return (
    <ol ref={list} className="timeline" aria-label="Messages">
      {messages.map((message) =>
        message.kind === 'user' ? (
          <OwnMessageRow key={entryKey(message)} message={message} />
        ) : (
          <li key={message.processQueryKey} className="message-row" data-process-query-key={message.processQueryKey}>
            <span className="avatar avatar--robot" aria-hidden="true">
              {message.robotName.slice(0, 1)}
            </span>
            <div className="message-row__body">
              <div className="message-row__meta">
                <span className="message-row__sender">{message.robotName}</span>
                <MessageTime createdAt={message.createdAt} />
              </div>
              <RobotMessageView message={message} />
            </div>
          </li>
        ),
      )}
    </ol>
  );
}

function OwnMessageRow({ message }: { readonly message: UserChatMessage }) {
  return (
    <li className="message-row message-row--own" data-msg-id={message.msgId}>
      <div className="message-row__body">
        <div className="message-row__meta">
          <MessageTime createdAt={message.createdAt} />
        </div>
        <div className="bubble bubble--own">{message.text}</div>
      </div>
    </li>
  );
}

function MessageTime({ createdAt }: { readonly createdAt: string }) {
  return (
    <time className="message-row__time" dateTime={createdAt}>
      {formatMessageTime(createdAt)}
    </time>
  );
}
