import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { SessionResponse, SessionUser } from '../api/contract';
import { useLiveStatus } from '../api/LiveEventsProvider';
import { useAction } from '../api/useAction';
import { AppLink } from '../routing/AppLink';
import { CHATS_PATH, consolePath, type Route } from '../routing/routes';
import { SwitchUserDialog } from '../session/SwitchUserDialog';

export interface AppHeaderProps {
  readonly user: SessionUser;
  readonly dev: boolean;
  readonly route: Route;
  readonly onSwitched: (session: SessionResponse) => void;
  readonly onSignedOut: () => void;
}

/** The bar above every page: brand, Chats/Console for admins (everyone in dev mode), live status, who is signed in, switch user (dev) and sign out. */
export function AppHeader({ user, dev, route, onSwitched, onSignedOut }: AppHeaderProps) {
  const api = useApi();
  const [switching, setSwitching] = useState(false);
  const signOut = useAction(async () => {
    await api.signOut();
    onSignedOut();
  });
  const live = useLiveStatus();

  return (
    <header className="app-header">
      <span className="app-header__brand">Dingo</span>
      {(user.isAdmin || dev) && (
        <nav className="app-header__nav" aria-label="Sections">
          <AppLink to={CHATS_PATH} className="app-header__link" current={route.page === 'chats'}>
            Chats
          </AppLink>
          <AppLink to={consolePath('messages')} className="app-header__link" current={route.page === 'console'}>
            Console
          </AppLink>
        </nav>
      )}
      <span className={`live-status live-status--${live}`} role="status">
        {live === 'open' ? 'Live' : live === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
      </span>
      <span className="app-header__spacer" />
      <span className="app-header__user">
        <span className="avatar avatar--small" aria-hidden="true">
          {user.name.slice(0, 1)}
        </span>
        <span className="app-header__identity">
          <span className="app-header__name">{user.name}</span>
          <span className="app-header__corp">
            {user.corpName} · {user.userId}
          </span>
        </span>
      </span>
      {dev && (
        <button type="button" className="button button--ghost" onClick={() => setSwitching(true)}>
          Switch user
        </button>
      )}
      <button type="button" className="button button--ghost" onClick={() => void signOut.run()} disabled={signOut.pending}>
        {signOut.pending ? 'Signing out…' : 'Sign out'}
      </button>
      {signOut.error !== null && (
        <span className="app-header__error" role="alert">
          Sign-out failed: {signOut.error.message}
        </span>
      )}
      {switching && (
        <SwitchUserDialog
          current={user}
          onClose={() => setSwitching(false)}
          onSwitched={(session) => {
            setSwitching(false);
            onSwitched(session);
          }}
        />
      )}
    </header>
  );
}
