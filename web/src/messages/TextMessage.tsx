import type { TextMessageData } from './parseRobotMessage';

/** sampleText: plain text, newlines kept, nothing interpreted as HTML or markdown. */
export function TextMessage({ message }: { readonly message: TextMessageData }) {
  return <p className="bubble text-message">{message.content}</p>;
}
