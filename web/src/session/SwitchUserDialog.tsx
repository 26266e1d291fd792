import { useEffect, useRef } from 'react';
import { useApi } from '../api/ApiContext';
import type { SessionResponse, SessionUser } from '../api/contract';
import { useAction } from '../api/useAction';
import { ErrorNotice } from '../ui/ErrorNotice';
import { DevUserPicker } from './DevUserPicker';

interface SwitchUserDialogProps {
  readonly current: SessionUser;
  readonly onSwitched: (session: SessionResponse) => void;
  readonly onClose: () => void;
}

/** Dev mode: a modal list of every user; picking one signs in as them (POST /api/session/dev). */
export function SwitchUserDialog({ current, onSwitched, onClose }: SwitchUserDialogProps) {
  const api = useApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const switchTo = useAction(async (user: SessionUser) =>
    onSwitched(await api.devSignIn({ corpId: user.corpId, userId: user.userId })),
  );

  useEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="switch-user-title" onClose={onClose}>
      <header className="dialog__header">
        <h2 id="switch-user-title" className="dialog__title">
          Switch user
        </h2>
        <button type="button" className="button button--ghost" onClick={onClose}>
          Close
        </button>
      </header>
      {switchTo.error !== null && <ErrorNotice error={switchTo.error} />}
      <DevUserPicker current={current} disabled={switchTo.pending} onPick={(user) => void switchTo.run(user)} />
    </dialog>
  );
}
