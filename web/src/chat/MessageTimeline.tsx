import { useLayoutEffect, useRef } from 'react';
import type { ChatEntry } from '../api/contract';
import { formatMessageTime } from '../formatTime';
import { RobotMessageView } from '../messages/RobotMessageView';
import { entryKey, isOwnMessage } from './chatEntries';
import { UserMessageBody } from './UserMessageBody';

interface MessageTimelineProps {
  readonly messages: readonly ChatEntry[];
  readonly signedInUserId: string;
}

/**
 * A chat's messages, oldest first: the signed-in user's own on the right, everyone
 * else's (robots, other members) on the left with their avatar and name, as chat
 * apps show them; keeps the newest in view as messages arrive.
 */
export function MessageTimeline({ messages, signedInUserId }: MessageTimelineProps) {
  const list = useRef<HTMLOListElement>(null);
  const newest = messages.at(-1);
  const newestKey = newest === undefined ? undefined : entryKey(newest);

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [newestKey]);

  return (
    <ol ref={list} className="timeline" aria-label="Messages">
      {messages.map((message) => (
        <MessageRow key={entryKey(message)} message={message} own={isOwnMessage(message, signedInUserId)} />
      ))}
    </ol>
  );
}

function MessageRow({ message, own }: { readonly message: ChatEntry; readonly own: boolean }) {
  const identity = message.kind === 'robot' ? { 'data-process-query-key': message.processQueryKey } : { 'data-msg-id': message.msgId };
  return (
    <li className={own ? 'message-row message-row--own' : 'message-row'} {...identity}>
      {!own && (
        <span className={`avatar avatar--${message.sender.kind}`} aria-hidden="true">
          {message.sender.name.slice(0, 1)}
        </span>
      )}
      <div className="message-row__body">
        <div className="message-row__meta">
          {!own && (
            <span className="message-row__sender" title={message.sender.id}>
              {message.sender.name}
            </span>
          )}
          <time className="message-row__time" dateTime={message.createdAt}>
            {formatMessageTime(message.createdAt)}
          </time>
        </div>
        {message.kind === 'robot' ? (
          <RobotMessageView message={message} />
        ) : (
          <UserMessageBody message={message} own={own} />
        )}
      </div>
    </li>
  );
}
