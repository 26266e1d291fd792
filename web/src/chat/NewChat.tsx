import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { useResource } from '../api/useResource';
import { navigate } from '../routing/location';
import { chatPath } from '../routing/routes';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';
import { RobotName } from './RobotName';

/**
 * "New chat" at the top of the chat list: opens the corp's robots (GET /api/robots); picking one
 * opens its one-to-one chat, empty with its composer, which joins the list once someone writes in it.
 */
export function NewChat() {
  const [open, setOpen] = useState(false);
  return (
    <div className="new-chat" onKeyDown={(event) => event.key === 'Escape' && setOpen(false)}>
      <button type="button" className="button button--small" aria-expanded={open} onClick={() => setOpen(!open)}>
        New chat
      </button>
      {open && <RobotPicker onPicked={() => setOpen(false)} />}
    </div>
  );
}

function RobotPicker({ onPicked }: { readonly onPicked: () => void }) {
  const api = useApi();
  const robots = useResource(() => api.writableRobots(), [api]);
  if (robots.data === null) {
    return robots.error === null ? <LoadingNotice label="Loading robots…" /> : <ErrorNotice title="Could not load the robots" error={robots.error} onRetry={robots.reload} />;
  }
  if (robots.data.robots.length === 0) return <p className="new-chat__none">Your organisation has no enabled robot.</p>;
  return (
    <ul className="new-chat__robots" aria-label="Start a chat with a robot">
      {robots.data.robots.map((robot) => (
        <li key={robot.robotCode}>
          <button
            type="button"
            className="new-chat__robot"
            onClick={() => {
              onPicked();
              navigate(chatPath(robot.chatId));
            }}
          >
            <RobotName name={robot.name} />
          </button>
        </li>
      ))}
    </ul>
  );
}
