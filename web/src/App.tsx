import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiContext } from './api/ApiContext';
import { ApiClient, ApiError } from './api/client';
import type { SessionResponse, SessionUser } from './api/contract';
import { ConsolePage } from './console/ConsolePage';
import { SignedInApp } from './layout/SignedInApp';
import { navigate, replaceLocation, useLocation } from './routing/location';
import { CHATS_PATH, parseRoute } from './routing/routes';
import { SignInPage } from './session/SignInPage';
import { startSession, withoutDeepLink, type DeepLink } from './session/startSession';
import { ErrorNotice } from './ui/ErrorNotice';
import { LoadingNotice } from './ui/LoadingNotice';

type AppState =
  | { readonly phase: 'starting' }
  | { readonly phase: 'unreachable'; readonly error: ApiError }
  | {
      readonly phase: 'ready';
      readonly dev: boolean;
      readonly user: SessionUser | null;
      /** For the sign-in page: why the user is there, and what to fill in. */
      readonly notice: ApiError | null;
      readonly prefill: DeepLink | null;
    };

const SESSION_ENDED = new ApiError(401, 'notSignedIn', 'Your session ended. Sign in again.');

/** The web client: finds out who is signed in (following a dev deep link), then shows the sign-in page or the app. */
export function App() {
  const [state, setState] = useState<AppState>({ phase: 'starting' });
  const location = useLocation();
  const route = parseRoute(location.pathname, location.search);
  const api = useMemo(
    () =>
      new ApiClient(() =>
        setState((current) =>
          current.phase === 'ready' && current.user !== null
            ? { ...current, user: null, notice: SESSION_ENDED, prefill: { corpId: current.user.corpId, userId: current.user.userId } }
            : current,
        ),
      ),
    [],
  );

  const start = useCallback(() => {
    let current = true;
    setState({ phase: 'starting' });
    const { pathname, search } = window.location;
    startSession(api, search, () => replaceLocation(withoutDeepLink(pathname, search))).then(
      ({ session, deepLink, deepLinkError }) => {
        if (current) setState({ phase: 'ready', dev: session.dev, user: session.user, notice: deepLinkError, prefill: deepLink });
      },
      (error: unknown) => {
        if (current) setState({ phase: 'unreachable', error: error instanceof ApiError ? error : new ApiError(0, 'client', String(error)) });
      },
    );
    return () => {
      current = false;
    };
  }, [api]);
  useEffect(start, [start]);

  const signedIn = useCallback((session: SessionResponse) => {
    setState({ phase: 'ready', dev: session.dev, user: session.user, notice: null, prefill: null });
  }, []);
  const switched = useCallback(
    (session: SessionResponse) => {
      // The chat open now is the previous user's.
      if (parseRoute(window.location.pathname, window.location.search).page === 'chats') navigate(CHATS_PATH);
      signedIn(session);
    },
    [signedIn],
  );
  const signedOut = useCallback(() => {
    setState((current) => (current.phase === 'ready' ? { ...current, user: null, notice: null, prefill: null } : current));
  }, []);

  let page;
  if (state.phase === 'starting') {
    page = (
      <main className="splash">
        <LoadingNotice label="Starting Dingo…" />
      </main>
    );
  } else if (state.phase === 'unreachable') {
    page = (
      <main className="splash">
        <ErrorNotice title="Dingo could not start" error={state.error} onRetry={start} />
      </main>
    );
  } else if (state.user === null && state.dev && route.page === 'console') {
    // Dev mode: the console is open like the control plane, no sign-in needed.
    page = (
      <div className="shell">
        <header className="app-header">
          <span className="app-header__brand">Dingo</span>
          <span className="app-header__corp">Console · dev mode, no sign-in</span>
          <span className="app-header__spacer" />
          <a className="button button--ghost" href={CHATS_PATH}>
            Sign in to the chats
          </a>
        </header>
        <div className="shell__page">
          <ConsolePage user={null} dev tab={route.tab} corpId={route.corpId} />
        </div>
      </div>
    );
  } else if (state.user === null) {
    page = <SignInPage dev={state.dev} prefill={state.prefill} notice={state.notice} onSignedIn={signedIn} />;
  } else {
    page = (
      <SignedInApp
        key={`${state.user.corpId}/${state.user.userId}`}
        user={state.user}
        dev={state.dev}
        route={route}
        onSwitched={switched}
        onSignedOut={signedOut}
      />
    );
  }
  return <ApiContext.Provider value={api}>{page}</ApiContext.Provider>;
}
