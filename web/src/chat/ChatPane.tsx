import { RobotMessageView } from '../messages/RobotMessageView';
import type { RobotMessage } from '../messages/parseRobotMessage';

export interface ChatMessage {
  readonly id: string;
  readonly sender: string;
  readonly time: string;
  readonly message: RobotMessage;
}

interface ChatPaneProps {
  readonly title: string;
  readonly subtitle: string;
  readonly messages: readonly ChatMessage[];
}

/** One open chat: its header and its messages, oldest first, each rendered by its template. */
export function ChatPane({ title, subtitle, messages }: ChatPaneProps) {
  return (
    <section className="chat-pane" aria-label={title}>
      <header className="chat-pane__header">
        <h1 className="chat-pane__title">{title}</h1>
        <p className="chat-pane__subtitle">{subtitle}</p>
      </header>
      <ol className="chat-pane__messages">
        {messages.map((entry) => (
          <li key={entry.id} className="message-row">
            <span className="avatar avatar--robot" aria-hidden="true">
              {entry.sender.slice(0, 1)}
            </span>
            <div className="message-row__body">
              <div className="message-row__meta">
                <span className="message-row__sender">{entry.sender}</span>
                <time className="message-row__time">{entry.time}</time>
              </div>
              <RobotMessageView message={entry.message} />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
