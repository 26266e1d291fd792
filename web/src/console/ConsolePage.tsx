import { useMemo } from 'react';
import { ApiContext, useApi } from '../api/ApiContext';
import type { SessionUser } from '../api/contract';
import { useResource } from '../api/useResource';
import { AppLink } from '../routing/AppLink';
import { navigate } from '../routing/location';
import { CHATS_PATH, consolePath, type ConsoleTab } from '../routing/routes';
import { EmptyState } from '../ui/EmptyState';
import { ErrorNotice } from '../ui/ErrorNotice';
import { SelectField } from '../ui/FormFields';
import { LoadingNotice } from '../ui/LoadingNotice';
import { DirectoryView } from './directory/DirectoryView';
import { MessageLog } from './MessageLog';
import { RobotReceptions } from './RobotReceptions';

const TABS: ReadonlyArray<{ tab: ConsoleTab; label: string }> = [
  { tab: 'messages', label: 'Messages' },
  { tab: 'directory', label: 'Directory' },
  { tab: 'robots', label: 'Robots' },
];

interface ConsolePageProps {
  /** The signed-in person; null in dev mode with no sign-in. */
  readonly user: SessionUser | null;
  readonly dev: boolean;
  readonly tab: ConsoleTab;
  /** The corp the URL names (`?corpId=`); else the signed-in person's. */
  readonly corpId: string | null;
}

/**
 * The console of one corp: its message log, directory and robots' deliveries. Its admins
 * reach it; in dev mode anyone does, for every corp, with a corp picker (docs/behaviour.md,
 * Web client and console).
 */
export function ConsolePage({ user, dev, tab, corpId }: ConsolePageProps) {
  if (!dev && !user?.isAdmin) {
    return (
      <main className="console-page">
        <EmptyState title="Admins only">
          The console is for the admins of {user?.corpName ?? 'the corp'}. <AppLink to={CHATS_PATH}>Back to your chats</AppLink>
        </EmptyState>
      </main>
    );
  }
  const shownCorp = corpId ?? user?.corpId ?? null;
  return (
    <main className="console-page">
      {dev && <CorpPicker tab={tab} corpId={shownCorp} />}
      {shownCorp === null ? (
        <EmptyState title="Pick a corp">In dev mode the console shows any corp: pick one above.</EmptyState>
      ) : (
        <CorpConsole key={shownCorp} tab={tab} corpId={corpId} />
      )}
    </main>
  );
}

/** Dev mode: every corp, one at a time; picking one goes to its console. */
function CorpPicker({ tab, corpId }: { readonly tab: ConsoleTab; readonly corpId: string | null }) {
  const api = useApi();
  const corps = useResource(() => api.consoleCorps(), [api]);
  if (corps.error !== null) return <ErrorNotice title="Could not load the corps" error={corps.error} onRetry={corps.reload} />;
  return (
    <div className="filters" role="group" aria-label="Corp picker">
      <SelectField
        inline
        label="Corp"
        value={corpId ?? ''}
        onChange={(picked) => navigate(consolePath(tab, picked === '' ? null : picked))}
        placeholder="Pick a corp"
        options={corps.data?.corps.map((corp) => ({ value: corp.corpId, label: `${corp.name} (${corp.corpId})` })) ?? []}
      />
    </div>
  );
}

/** One corp's console; its calls go to `corpId`'s console (null: the signed-in admin's own). */
function CorpConsole({ tab, corpId }: { readonly tab: ConsoleTab; readonly corpId: string | null }) {
  const api = useApi();
  const corpApi = useMemo(() => api.forCorp(corpId), [api, corpId]);
  return (
    <ApiContext.Provider value={corpApi}>
      <CorpConsoleTabs tab={tab} corpId={corpId} />
    </ApiContext.Provider>
  );
}

function CorpConsoleTabs({ tab, corpId }: { readonly tab: ConsoleTab; readonly corpId: string | null }) {
  const api = useApi();
  const directory = useResource(() => api.directory(), [api]);
  return (
    <>
      <nav className="tabs" aria-label="Console">
        {TABS.map((entry) => (
          <AppLink key={entry.tab} to={consolePath(entry.tab, corpId)} className={entry.tab === tab ? 'tabs__tab is-active' : 'tabs__tab'} current={entry.tab === tab}>
            {entry.label}
          </AppLink>
        ))}
      </nav>
      {directory.error !== null && <ErrorNotice title="Could not load the directory" error={directory.error} onRetry={directory.reload} />}
      {tab === 'messages' ? (
        <MessageLog directory={directory.data} />
      ) : directory.data === null ? (
        directory.error === null && <LoadingNotice label="Loading the directory…" />
      ) : tab === 'directory' ? (
        <DirectoryView directory={directory.data} onChange={directory.replace} />
      ) : (
        <RobotReceptions directory={directory.data} />
      )}
    </>
  );
}
