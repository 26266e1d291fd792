import type { UnsupportedMessageData } from './parseRobotMessage';

/** What a message that fits no template looks like: says so, and why. */
export function UnsupportedMessage({ message }: { readonly message: UnsupportedMessageData }) {
  return (
    <div className="unsupported-message" role="note">
      <span className="unsupported-message__title">Unsupported message</span>
      <span className="unsupported-message__reason">{message.reason}</span>
    </div>
  );
}
