import { useState, type FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import type { ApiError } from '../api/client';
import type { SessionResponse, SessionUser } from '../api/contract';
import { useAction } from '../api/useAction';
import { ErrorNotice } from '../ui/ErrorNotice';
import { TextField } from '../ui/FormFields';
import { DevUserPicker } from './DevUserPicker';
import type { DeepLink } from './startSession';

interface SignInPageProps {
  readonly dev: boolean;
  /** Fills organisation and user ID, e.g. from a deep link. */
  readonly prefill: DeepLink | null;
  /** Why the user is here, e.g. a deep link that failed or a session that ended. */
  readonly notice: ApiError | null;
  readonly onSignedIn: (session: SessionResponse) => void;
}

/** Sign-in with the seed's credentials (POST /api/session); in dev mode also a user switcher. */
export function SignInPage({ dev, prefill, notice, onSignedIn }: SignInPageProps) {
  const api = useApi();
  const [corpId, setCorpId] = useState(prefill?.corpId ?? '');
  const [userId, setUserId] = useState(prefill?.userId ?? '');
  const [password, setPassword] = useState('');
  const signIn = useAction(async () => onSignedIn(await api.signIn({ corpId: corpId.trim(), userId: userId.trim(), password })));
  const devSignIn = useAction(async (user: SessionUser) =>
    onSignedIn(await api.devSignIn({ corpId: user.corpId, userId: user.userId })),
  );

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void signIn.run();
  }

  return (
    <main className={dev ? 'sign-in sign-in--dev' : 'sign-in'}>
      <section className="sign-in__panel" aria-labelledby="sign-in-title">
        <h1 className="sign-in__brand">Dingo</h1>
        <h2 id="sign-in-title" className="sign-in__title">
          Sign in
        </h2>
        {notice !== null && <ErrorNotice error={notice} />}
        <form className="form" onSubmit={submit}>
          <TextField label="Organisation (corpId)" name="corpId" autoComplete="organization" required value={corpId} onChange={setCorpId} />
          <TextField label="User ID" name="userId" autoComplete="username" required value={userId} onChange={setUserId} />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={setPassword}
          />
          {signIn.error !== null && <ErrorNotice error={signIn.error} />}
          <button type="submit" className="button button--primary" disabled={signIn.pending}>
            {signIn.pending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
      {dev && (
        <section className="sign-in__panel sign-in__panel--dev" aria-labelledby="dev-users-title">
          <h2 id="dev-users-title" className="sign-in__title">
            Dev mode: sign in as anyone
          </h2>
          <p className="sign-in__hint">No password needed while Dingo runs with --dev.</p>
          {devSignIn.error !== null && <ErrorNotice error={devSignIn.error} />}
          <DevUserPicker current={null} disabled={devSignIn.pending} onPick={(user) => void devSignIn.run(user)} />
        </section>
      )}
    </main>
  );
}
