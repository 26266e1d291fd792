import { useSyncExternalStore } from 'react';

/**
 * The browser location as React state: history.pushState does not fire
 * popstate, so navigate() tells the subscribers itself.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function notify(): void {
  for (const listener of [...listeners]) listener();
}

/** Goes to `path` (a path with an optional query) as a new history entry. */
export function navigate(path: string): void {
  if (path === `${window.location.pathname}${window.location.search}`) return;
  window.history.pushState(null, '', path);
  notify();
}

/** Rewrites the current history entry (no new entry), e.g. to drop a deep link's query. */
export function replaceLocation(path: string): void {
  window.history.replaceState(null, '', path);
  notify();
}

export interface CurrentLocation {
  readonly pathname: string;
  readonly search: string;
}

function snapshot(): string {
  return `${window.location.pathname}${window.location.search}`;
}

/** The current pathname and search; re-renders on navigation and on back/forward. */
export function useLocation(): CurrentLocation {
  const current = useSyncExternalStore(subscribe, snapshot);
  const queryStart = current.indexOf('?');
  return queryStart === -1
    ? { pathname: current, search: '' }
    : { pathname: current.slice(0, queryStart), search: current.slice(queryStart) };
}
