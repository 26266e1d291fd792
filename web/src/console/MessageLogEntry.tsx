import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { ConsoleMessage } from '../api/contract';
import { useAction } from '../api/useAction';
import { formatPreciseTime } from '../formatTime';
import { messagePreview } from '../messages/messagePreview';
import { RobotMessageView } from '../messages/RobotMessageView';
import { ErrorNotice } from '../ui/ErrorNotice';

/** The per-key recall reasons of otoMessages/batchRecall, in words. */
const RECALL_FAILURES: Readonly<Record<string, string>> = {
  'invalid.processQueryKey': 'Dingo does not know this message.',
  'not.allowed.robotCode': 'Another robot sent this message.',
  'robot.processQueryKey.expired': 'A message can only be recalled within 24 hours of sending.',
};

/** The chat a message was sent into, in words. */
function whereSent(message: ConsoleMessage, groupTitle: string | null): string {
  switch (message.chatKind) {
    case 'oto':
      return 'One-to-one';
    case 'p2p':
      return `Chat ${message.openConversationId}`;
    case 'group':
      return `Group ${groupTitle ?? message.openConversationId}`;
  }
}

interface MessageLogEntryProps {
  readonly message: ConsoleMessage;
  /** The robot's name, when the directory knows it. */
  readonly robotName: string | null;
  /** The group's title, for a group message whose group the directory knows. */
  readonly groupTitle: string | null;
  /** Called after a successful recall, so the log reloads. */
  readonly onRecalled: () => void;
}

/** One row of the console's message log: what was sent, by which robot, who read it, and a recall button. */
export function MessageLogEntry({ message, robotName, groupTitle, onRecalled }: MessageLogEntryProps) {
  const api = useApi();
  const [failure, setFailure] = useState<{ code: string; text: string } | null>(null);
  const recall = useAction(async () => {
    setFailure(null);
    const result = await api.recallMessage(message.processQueryKey);
    const reason = result.failedResult[message.processQueryKey];
    if (reason !== undefined) {
      setFailure({ code: reason, text: RECALL_FAILURES[reason] ?? 'The recall failed.' });
    } else {
      onRecalled();
    }
  });
  const recalled = message.recalledAt !== null;

  return (
    <tr className={recalled ? 'message-log__row is-recalled' : 'message-log__row'} data-process-query-key={message.processQueryKey}>
      <td className="message-log__time">
        <time dateTime={message.createdAt}>{formatPreciseTime(message.createdAt)}</time>
      </td>
      <td>
        <span className="message-log__robot">{robotName ?? message.robotCode}</span>
        <span className="message-log__where">{whereSent(message, groupTitle)}</span>
      </td>
      <td className="message-log__message">
        <details className="message-log__details">
          <summary className="message-log__summary">
            <span className="tag">{message.msgKey}</span> <span className="message-log__preview">{messagePreview(message)}</span>
          </summary>
          <div className="message-log__rendered">
            <RobotMessageView message={message} />
          </div>
        </details>
      </td>
      <td className="message-log__recipients">
        {message.recipients.length === 0 ? (
          <span className="muted">Nobody (all invalid or flow-controlled)</span>
        ) : (
          <ul className="recipients">
            {message.recipients.map((recipient) => (
              <li key={recipient.userId} className={`recipient recipient--${recipient.readStatus.toLowerCase()}`}>
                <span className="recipient__name" title={recipient.userId}>
                  {recipient.name}
                </span>
                <span className="recipient__status">{recipient.readStatus}</span>
                {recipient.readAt !== null && (
                  <time className="recipient__time" dateTime={recipient.readAt}>
                    {formatPreciseTime(recipient.readAt)}
                  </time>
                )}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <span className={recalled ? 'status-pill status-pill--recalled' : 'status-pill status-pill--sent'}>{recalled ? 'RECALLED' : 'SENT'}</span>
        {message.recalledAt !== null && (
          <time className="message-log__recalled-at" dateTime={message.recalledAt}>
            {formatPreciseTime(message.recalledAt)}
          </time>
        )}
      </td>
      <td className="message-log__actions">
        {!recalled && (
          <button type="button" className="button button--small button--danger" disabled={recall.pending} onClick={() => void recall.run()}>
            {recall.pending ? 'Recalling…' : 'Recall'}
          </button>
        )}
        {failure !== null && (
          <p className="recall-failure" role="alert">
            {failure.text} <span className="notice__code">{failure.code}</span>
          </p>
        )}
        {recall.error !== null && <ErrorNotice error={recall.error} />}
      </td>
    </tr>
  );
}
