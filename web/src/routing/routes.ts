/**
 * The client's pages, from the URL the server serves index.html for:
 * `/` and `/chats/<encoded chatId>` (chats), `/console[?tab=directory]`.
 */
export type ConsoleTab = 'messages' | 'directory';

export type Route = { readonly page: 'chats'; readonly chatId: string | null } | { readonly page: 'console'; readonly tab: ConsoleTab };

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
    return { page: 'console', tab: new URLSearchParams(search).get('tab') === 'directory' ? 'directory' : 'messages' };
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

export function consolePath(tab: ConsoleTab): string {
  return tab === 'messages' ? '/console' : `/console?tab=${tab}`;
}
