import type { SessionResponse, SessionUser } from '../api/contract';
import { LiveEventsProvider } from '../api/LiveEventsProvider';
import { ChatsPage } from '../chat/ChatsPage';
import { ConsolePage } from '../console/ConsolePage';
import type { Route } from '../routing/routes';
import { AppHeader } from './AppHeader';

interface SignedInAppProps {
  readonly user: SessionUser;
  readonly dev: boolean;
  readonly route: Route;
  readonly onSwitched: (session: SessionResponse) => void;
  readonly onSignedOut: () => void;
}

/** Everything a signed-in user sees: the header and the page of the route, over one live event stream. Key it by user. */
export function SignedInApp({ user, dev, route, onSwitched, onSignedOut }: SignedInAppProps) {
  return (
    <LiveEventsProvider>
      <div className="shell">
        <AppHeader user={user} dev={dev} route={route} onSwitched={onSwitched} onSignedOut={onSignedOut} />
        <div className="shell__page">
          {route.page === 'console' ? <ConsolePage user={user} tab={route.tab} /> : <ChatsPage chatId={route.chatId} />}
        </div>
      </div>
    </LiveEventsProvider>
  );
}
