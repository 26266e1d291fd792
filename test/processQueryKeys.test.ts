import { describe, expect, it } from 'vitest';
import { newProcessQueryKey } from '../src/domain/processQueryKeys.js';

describe('newProcessQueryKey', () => {
  const SENT_AT = Date.UTC(2026, 10, 27, 18, 0, 0);

  it('is 32 bytes in base64, like DingTalk keys', () => {
    for (let i = 0; i < 1000; i++) {
      const key = newProcessQueryKey(SENT_AT + i);
      expect(key).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(Buffer.from(key, 'base64')).toHaveLength(32);
    }
  });

  it('sorts keys of later sends after those of earlier ones, in the byte order SQLite compares text in', () => {
    const times = [0, 1, 63, 64, SENT_AT - 1, SENT_AT, SENT_AT + 1, SENT_AT + 60_000, Date.UTC(9999, 11, 31)];
    const keys = times.map((at) => newProcessQueryKey(at));
    const inByteOrder = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(inByteOrder).toEqual(keys);
  });

  it('stays unguessable: keys of one millisecond differ in their random part', () => {
    const keys = Array.from({ length: 2000 }, () => newProcessQueryKey(SENT_AT));
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys.map((key) => key.slice(0, 8))).size).toBe(1);
    expect(new Set(keys.map((key) => key.slice(8, 16))).size).toBe(keys.length);
  });
});
