import { useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { useAction } from '../api/useAction';
import { ErrorNotice } from '../ui/ErrorNotice';

/**
 * The text composer at the bottom of a one-to-one robot chat: what the user
 * sends is stored in the chat and pushed to the robot (POST /api/chats/:chatId/messages).
 * The message itself appears through the live event, like the robot's answer.
 */
export function Composer({ chatId, robotName }: { readonly chatId: string; readonly robotName: string }) {
  const api = useApi();
  const [text, setText] = useState('');
  const sendText = useAction(async (value: string) => {
    await api.sendText(chatId, { text: value });
    setText('');
  });

  const send = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== '' && !sendText.pending) void sendText.run(text);
  };

  return (
    <form className="composer" onSubmit={send}>
      {sendText.error !== null && <ErrorNotice title="Could not send" error={sendText.error} />}
      <div className="composer__row">
        <textarea
          className="composer__input"
          aria-label={`Message to ${robotName}`}
          placeholder={`Message ${robotName}`}
          rows={2}
          value={text}
          maxLength={5000}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) send(event);
          }}
        />
        <button className="button button--primary composer__send" type="submit" disabled={sendText.pending || text.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}
