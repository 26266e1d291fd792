import { createContext, useContext, useEffect, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { LiveEventStream, type LiveChange, type LiveStatus } from './liveEvents';

const LiveEventsContext = createContext<LiveEventStream | null>(null);

/**
 * Opens the signed-in user's event stream for everything below it, and
 * closes it on unmount. Mount it once per session (keyed by user), since the
 * stream belongs to the session cookie it was opened with.
 */
export function LiveEventsProvider({ children }: { readonly children: ReactNode }) {
  const [stream, setStream] = useState<LiveEventStream | null>(null);
  useEffect(() => {
    const opened = new LiveEventStream();
    setStream(opened);
    return () => opened.close();
  }, []);
  if (stream === null) return null;
  return <LiveEventsContext.Provider value={stream}>{children}</LiveEventsContext.Provider>;
}

function useStream(): LiveEventStream {
  const stream = useContext(LiveEventsContext);
  if (stream === null) throw new Error('live events used outside <LiveEventsProvider>');
  return stream;
}

/**
 * Calls `listener` (the latest one given) on every live change while mounted. Without a
 * provider (the dev-mode console, open with no sign-in: no session, no stream) it never calls.
 */
export function useLiveChanges(listener: (change: LiveChange) => void): void {
  const stream = useContext(LiveEventsContext);
  const listenerRef = useRef(listener);
  listenerRef.current = listener;
  useEffect(() => stream?.subscribe((change) => listenerRef.current(change)), [stream]);
}

/** Whether live updates are flowing right now. */
export function useLiveStatus(): LiveStatus {
  const stream = useStream();
  return useSyncExternalStore(
    (onChange) => stream.subscribeStatus(onChange),
    () => stream.status,
  );
}
