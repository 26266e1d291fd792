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

  it('has a console with three tabs, of one corp when the URL names it', () => {
    expect(parseRoute('/console', '')).toEqual({ page: 'console', tab: 'messages', corpId: null });
    expect(consolePath('directory')).toBe('/console?tab=directory');
    expect(parseRoute('/console', '?tab=directory')).toEqual({ page: 'console', tab: 'directory', corpId: null });
    expect(parseRoute('/console/', '?tab=nonsense')).toEqual({ page: 'console', tab: 'messages', corpId: null });
    expect(consolePath('messages')).toBe('/console');
    expect(parseRoute('/console', '?tab=robots&corpId=corpB')).toEqual({ page: 'console', tab: 'robots', corpId: 'corpB' });
    expect(consolePath('robots', 'corp B')).toBe('/console?tab=robots&corpId=corp+B');
    expect(consolePath('messages', 'corpA')).toBe('/console?corpId=corpA');
  });
});
