/**
 * The client's pages, from the URL the server serves index.html for:
 * `/` and `/chats/<encoded chatId>` (chats), `/console[?tab=directory|robots][&corpId=]`
 * (the console of one corp: in dev mode any corp's, docs/behaviour.md, Web client and console).
 */
export type ConsoleTab = 'messages' | 'directory' | 'robots';

const CONSOLE_TABS: readonly ConsoleTab[] = ['messages', 'directory', 'robots'];

export type Route =
  | { readonly page: 'chats'; readonly chatId: string | null }
  | { readonly page: 'console'; readonly tab: ConsoleTab; readonly corpId: string | null };

const CHAT_PREFIX = '/chats/';

function decodedChatId(encoded: string): string | null {
  if (encoded === '') return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return null; // a malformed escape: no chat, rather than a crash
  }
}

export function parseRoute(pathname: string, search: string): Route {
  if (pathname === '/console' || pathname === '/console/') {
    const query = new URLSearchParams(search);
    const tab = CONSOLE_TABS.find((t) => t === query.get('tab')) ?? 'messages';
    const corpId = query.get('corpId');
    return { page: 'console', tab, corpId: corpId === null || corpId === '' ? null : corpId };
  }
  if (pathname.startsWith(CHAT_PREFIX)) {
    return { page: 'chats', chatId: decodedChatId(pathname.slice(CHAT_PREFIX.length)) };
  }
  return { page: 'chats', chatId: null };
}

/** The URL of a chat; chat IDs hold `:`, `/`, `=` and `+`, so the whole ID is one encoded segment. */
export function chatPath(chatId: string): string {
  return `${CHAT_PREFIX}${encodeURIComponent(chatId)}`;
}

export const CHATS_PATH = '/';

/** The console's tab, of `corpId` when given (else the signed-in admin's corp). */
export function consolePath(tab: ConsoleTab, corpId: string | null = null): string {
  const query = new URLSearchParams();
  if (tab !== 'messages') query.set('tab', tab);
  if (corpId !== null) query.set('corpId', corpId);
  const search = query.toString();
  return search === '' ? '/console' : `/console?${search}`;
}
