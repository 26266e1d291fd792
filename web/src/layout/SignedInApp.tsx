import { LiveEventsProvider } from '../api/LiveEventsProvider';
import { ChatsPage } from '../chat/ChatsPage';
import { ConsolePage } from '../console/ConsolePage';
import { AppHeader, type AppHeaderProps } from './AppHeader';

/** Everything a signed-in user sees: the header and the page of the route, over one live event stream. Key it by user. Its props are the header's. */
export function SignedInApp(props: AppHeaderProps) {
  const { user, dev, route } = props;
  return (
    <LiveEventsProvider>
      <div className="shell">
        <AppHeader {...props} />
        <div className="shell__page">
          {route.page === 'console' ? <ConsolePage user={user} dev={dev} tab={route.tab} corpId={route.corpId} /> : <ChatsPage chatId={route.chatId} signedInUserId={user.userId} />}
        </div>
      </div>
    </LiveEventsProvider>
  );
}
