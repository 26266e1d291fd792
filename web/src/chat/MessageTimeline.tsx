import { useLayoutEffect, useRef } from 'react';
import type { ChatMessage } from '../api/contract';
import { formatMessageTime } from '../formatTime';
import { RobotMessageView } from '../messages/RobotMessageView';

/** A chat's messages, oldest first, each with its sender and time; keeps the newest in view as messages arrive. */
export function MessageTimeline({ messages }: { readonly messages: readonly ChatMessage[] }) {
  const list = useRef<HTMLOListElement>(null);
  const newest = messages.at(-1)?.processQueryKey;

  useLayoutEffect(() => {
    const element = list.current;
    if (element !== null) element.scrollTop = element.scrollHeight;
  }, [newest]);

  return (
    <ol ref={list} className="timeline" aria-label="Messages">
      {messages.map((message) => (
        <li key={message.processQueryKey} className="message-row" data-process-query-key={message.processQueryKey}>
          <span className={`avatar avatar--${message.sender.kind}`} aria-hidden="true">
            {message.sender.name.slice(0, 1)}
          </span>
          <div className="message-row__body">
            <div className="message-row__meta">
              <span className="message-row__sender" title={message.sender.id}>
                {message.sender.name}
              </span>
              <time className="message-row__time" dateTime={message.createdAt}>
                {formatMessageTime(message.createdAt)}
              </time>
            </div>
            <RobotMessageView message={message} />
          </div>
        </li>
      ))}
    </ol>
  );
}
