import { useApi } from '../api/ApiContext';
import type { SessionUser } from '../api/contract';
import { useResource } from '../api/useResource';
import { AppLink } from '../routing/AppLink';
import { CHATS_PATH, consolePath, type ConsoleTab } from '../routing/routes';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { LoadingNotice } from '../ui/LoadingNotice';
import { DirectoryView } from './directory/DirectoryView';
import { MessageLog } from './MessageLog';

const TABS: ReadonlyArray<{ tab: ConsoleTab; label: string }> = [
  { tab: 'messages', label: 'Messages' },
  { tab: 'directory', label: 'Directory' },
];

/** The admin console of the signed-in admin's corp: the message log and the directory. */
export function ConsolePage({ user, tab }: { readonly user: SessionUser; readonly tab: ConsoleTab }) {
  if (!user.isAdmin) {
    return (
      <main className="console-page">
        <EmptyState title="Admins only">
          The console is for the admins of {user.corpName}. <AppLink to={CHATS_PATH}>Back to your chats</AppLink>
        </EmptyState>
      </main>
    );
  }
  return <AdminConsole tab={tab} />;
}

function AdminConsole({ tab }: { readonly tab: ConsoleTab }) {
  const api = useApi();
  const directory = useResource(() => api.directory(), [api]);

  return (
    <main className="console-page">
      <nav className="tabs" aria-label="Console">
        {TABS.map((entry) => (
          <AppLink key={entry.tab} to={consolePath(entry.tab)} className={entry.tab === tab ? 'tabs__tab is-active' : 'tabs__tab'} current={entry.tab === tab}>
            {entry.label}
          </AppLink>
        ))}
      </nav>
      {directory.error !== null && <ErrorNotice title="Could not load the directory" error={directory.error} onRetry={directory.reload} />}
      {tab === 'messages' ? (
        <MessageLog directory={directory.data} />
      ) : directory.data === null ? (
        directory.error === null && <LoadingNotice label="Loading the directory…" />
      ) : (
        <DirectoryView directory={directory.data} onChange={directory.replace} />
      )}
    </main>
  );
}
