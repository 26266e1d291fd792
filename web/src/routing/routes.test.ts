import { describe, expect, it } from 'vitest';
import { chatPath, consolePath, parseRoute } from './routes';

describe('routes', () => {
  it('round-trips chat IDs with :, /, = and + through the path', () => {
    for (const chatId of ['oto:dingdemoapp', 'p2p:cidDemoChat1==', 'p2p:a/b+c==', 'oto:名字']) {
      const path = chatPath(chatId);
      expect(path.slice('/chats/'.length)).not.toMatch(/[:/=+]/);
      expect(parseRoute(path, '')).toEqual({ page: 'chats', chatId });
    }
  });

  it('opens no chat at / and on a malformed path', () => {
    expect(parseRoute('/', '')).toEqual({ page: 'chats', chatId: null });
    expect(parseRoute('/chats/', '')).toEqual({ page: 'chats', chatId: null });
    expect(parseRoute('/chats/%E0%A4%A', '')).toEqual({ page: 'chats', chatId: null });
  });

  it('has a console with two tabs', () => {
    expect(parseRoute('/console', '')).toEqual({ page: 'console', tab: 'messages' });
    expect(consolePath('directory')).toBe('/console?tab=directory');
    expect(parseRoute('/console', '?tab=directory')).toEqual({ page: 'console', tab: 'directory' });
    expect(parseRoute('/console/', '?tab=nonsense')).toEqual({ page: 'console', tab: 'messages' });
    expect(consolePath('messages')).toBe('/console');
  });
});
