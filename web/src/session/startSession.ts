import { ApiError, type ApiClient } from '../api/client';
import type { SessionResponse } from '../api/contract';

/** `/?corpId=<corpId>&userId=<userId>`: open the client as that user (dev mode, docs/behaviour.md, Web client and console). */
export interface DeepLink {
  readonly corpId: string;
  readonly userId: string;
}

export function readDeepLink(search: string): DeepLink | null {
  const query = new URLSearchParams(search);
  const corpId = query.get('corpId');
  const userId = query.get('userId');
  return corpId !== null && corpId !== '' && userId !== null && userId !== '' ? { corpId, userId } : null;
}

/** The same path and query without the deep link's two parameters. */
export function withoutDeepLink(pathname: string, search: string): string {
  const query = new URLSearchParams(search);
  query.delete('corpId');
  query.delete('userId');
  const rest = query.toString();
  return rest === '' ? pathname : `${pathname}?${rest}`;
}

export interface StartedSession {
  readonly session: SessionResponse;
  /** The deep link's user, when it could not be signed in (or not in dev mode): prefills the form. */
  readonly deepLink: DeepLink | null;
  /** Why the deep link did not sign in, if it was tried. */
  readonly deepLinkError: ApiError | null;
}

/**
 * Who is signed in at start. In dev mode a deep link signs in as its user
 * first, whoever was signed in before; the URL loses the deep link either way
 * (`cleanUrl`), so a reload does not sign in again.
 */
export async function startSession(api: ApiClient, search: string, cleanUrl: () => void): Promise<StartedSession> {
  const session = await api.session();
  const deepLink = readDeepLink(search);
  if (deepLink === null) return { session, deepLink: null, deepLinkError: null };
  cleanUrl();
  if (!session.dev) return { session, deepLink, deepLinkError: null };
  try {
    return { session: await api.devSignIn(deepLink), deepLink: null, deepLinkError: null };
  } catch (error) {
    if (!(error instanceof ApiError) || error.code === 'network') throw error;
    return { session, deepLink, deepLinkError: error };
  }
}
