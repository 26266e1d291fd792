import { useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useApi } from '../api/ApiContext';
import type { SendMessageRequest } from '../api/contract';
import { useAction } from '../api/useAction';
import { ErrorNotice } from '../ui/ErrorNotice';
import { MentionPicker, mentionQueryAt, robotsMatching, type MentionableRobot } from './MentionPicker';

/** The largest picture or file the composer sends, as the server takes it (20 MB). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface ComposerProps {
  readonly chatId: string;
  /** The robot's name (one-to-one) or the group's title. */
  readonly chatTitle: string;
  /** Groups: the robots `@` picks from. Empty in one-to-one chats, where the robot always receives. */
  readonly robots: readonly MentionableRobot[];
}

/**
 * The composer at the bottom of a one-to-one robot chat or a group: text, a picture or a
 * file (POST /api/chats/:chatId/messages). In a group, typing `@` lists the group's robots
 * and picking one inserts `@Name`; only the robots mentioned receive the message. A picture
 * goes at once, with the text typed so far (one richText message); a file goes after that
 * text, as its own message. What is sent appears through the live event.
 */
export function Composer({ chatId, chatTitle, robots }: ComposerProps) {
  const api = useApi();
  const [text, setText] = useState('');
  const [mentionQuery, setMentionQuery] = useState<string | null>(null);
  const [picked, setPicked] = useState<readonly MentionableRobot[]>([]);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  /** The picked robots whose `@Name` is still in the text. */
  const mentioned = (value: string) => picked.filter((robot) => value.includes(`@${robot.name}`)).map((robot) => robot.robotCode);
  const send = useAction(async (compose: () => Promise<SendMessageRequest[]>) => {
    for (const message of await compose()) await api.sendMessage(chatId, message);
    setText('');
    setPicked([]);
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() !== '' && !send.pending) void send.run(async () => [{ text, atRobotCodes: mentioned(text) }]);
  };

  const typed = (event: ChangeEvent<HTMLTextAreaElement>) => {
    setText(event.target.value);
    setMentionQuery(robots.length === 0 ? null : mentionQueryAt(event.target.value, event.target.selectionStart));
  };

  const pick = (robot: MentionableRobot) => {
    const caret = input.current?.selectionStart ?? text.length;
    const before = text.slice(0, caret).replace(/@[^@\s]*$/, `@${robot.name} `);
    setText(before + text.slice(caret));
    setPicked((current) => [...current.filter((r) => r.robotCode !== robot.robotCode), robot]);
    setMentionQuery(null);
    input.current?.focus();
  };

  const attach = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined || send.pending) return;
    const kind = file.type.startsWith('image/') ? 'picture' : 'file';
    const atRobotCodes = mentioned(text);
    const upload = async (): Promise<SendMessageRequest['file']> => {
      if (file.size > MAX_FILE_BYTES) throw new Error(`${file.name} is larger than 20 MB`);
      return { name: file.name, contentBase64: await base64Of(file), kind };
    };
    const withText = text.trim() !== '';
    await send.run(async () =>
      kind === 'picture'
        ? [{ ...(withText ? { text } : {}), file: await upload(), atRobotCodes }]
        : [...(withText ? [{ text, atRobotCodes }] : []), { file: await upload(), atRobotCodes }],
    );
  };

  const keyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    const firstMatch = mentionQuery === null ? undefined : robotsMatching(robots, mentionQuery)[0];
    if (event.key === 'Escape') setMentionQuery(null);
    else if (event.key === 'Enter' && firstMatch !== undefined) {
      event.preventDefault();
      pick(firstMatch);
    } else if (event.key === 'Enter' && !event.shiftKey) submit(event);
  };

  return (
    <form className="composer" onSubmit={submit}>
      {send.error !== null && <ErrorNotice title="Could not send" error={send.error} />}
      {mentionQuery !== null && <MentionPicker robots={robots} query={mentionQuery} onPick={pick} />}
      <div className="composer__row">
        <textarea
          ref={input}
          className="composer__input"
          aria-label={`Message to ${chatTitle}`}
          placeholder={robots.length === 0 ? `Message ${chatTitle}` : `Message ${chatTitle} — type @ to mention a robot`}
          rows={2}
          value={text}
          maxLength={5000}
          onChange={typed}
          onKeyDown={keyDown}
        />
        <input ref={fileInput} className="composer__file" type="file" aria-label="Attach a picture or a file" onChange={(event) => void attach(event)} hidden />
        <button className="button composer__attach" type="button" disabled={send.pending} onClick={() => fileInput.current?.click()}>
          Attach
        </button>
        <button className="button button--primary composer__send" type="submit" disabled={send.pending || text.trim() === ''}>
          Send
        </button>
      </div>
    </form>
  );
}

/** A file's bytes in base64 (a data URL without its prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsDataURL(file);
  });
}
