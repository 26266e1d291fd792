import { useApi } from '../api/ApiContext';
import type { SessionUser } from '../api/contract';
import { useResource } from '../api/useResource';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';

interface DevUserPickerProps {
  /** The signed-in user, marked in the list. */
  readonly current: SessionUser | null;
  readonly disabled: boolean;
  readonly onPick: (user: SessionUser) => void;
}

function groupByCorp(users: readonly SessionUser[]): Array<{ corpId: string; corpName: string; users: SessionUser[] }> {
  const corps = new Map<string, { corpId: string; corpName: string; users: SessionUser[] }>();
  for (const user of users) {
    const corp = corps.get(user.corpId) ?? { corpId: user.corpId, corpName: user.corpName, users: [] };
    corp.users.push(user);
    corps.set(user.corpId, corp);
  }
  return [...corps.values()];
}

/** Dev mode: every user of every corp, one click to become them (GET /api/dev/users). */
export function DevUserPicker({ current, disabled, onPick }: DevUserPickerProps) {
  const api = useApi();
  const users = useResource(() => api.devUsers(), [api]);
  if (users.data === null) {
    if (users.error !== null) return <ErrorNotice title="Could not list the users" error={users.error} onRetry={users.reload} />;
    return <LoadingNotice label="Loading users…" />;
  }
  return (
    <div className="user-picker">
      {groupByCorp(users.data.users).map((corp) => (
        <section key={corp.corpId} className="user-picker__corp" aria-label={corp.corpName}>
          <h3 className="user-picker__corp-name">
            {corp.corpName} <span className="user-picker__corp-id">{corp.corpId}</span>
          </h3>
          <ul className="user-picker__users">
            {corp.users.map((user) => {
              const isCurrent = current !== null && current.corpId === user.corpId && current.userId === user.userId;
              return (
                <li key={user.userId}>
                  <button
                    type="button"
                    className={isCurrent ? 'user-picker__user is-current' : 'user-picker__user'}
                    disabled={disabled || isCurrent}
                    aria-current={isCurrent}
                    onClick={() => onPick(user)}
                  >
                    <span className="avatar avatar--small" aria-hidden="true">
                      {user.name.slice(0, 1)}
                    </span>
                    <span className="user-picker__name">{user.name}</span>
                    <span className="user-picker__user-id">{user.userId}</span>
                    {user.isAdmin && <span className="tag">admin</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}
