import { splitMentions } from './mentions';
import type { TextMessageData } from './parseRobotMessage';

/** sampleText: plain text, newlines kept, nothing interpreted as HTML or markdown; mentions highlighted. */
export function TextMessage({ message }: { readonly message: TextMessageData }) {
  return (
    <p className="bubble text-message">
      {splitMentions(message.content, message.atNames).map((part, index) =>
        part.mention ? (
          <span key={index} className="mention">
            {part.text}
          </span>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
