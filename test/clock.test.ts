import { describe, expect, it } from 'vitest';
import { OffsetClock } from '../src/clock.js';
import { monthInChina } from '../src/domain/platformLimits.js';

describe('OffsetClock', () => {
  it('is the system clock plus an offset that only grows', () => {
    let system = 1_000_000;
    const clock = new OffsetClock(() => system);
    expect(clock.now()).toBe(1_000_000);
    expect(clock.advance(5000)).toBe(1_005_000);
    expect(clock.now()).toBe(1_005_000);
    // Time keeps running between moves: the offset stays, the system clock goes on.
    system += 250;
    expect(clock.now()).toBe(1_005_250);
    expect(clock.advance(0)).toBe(1_005_250);
  });

  it('refuses to move backwards or by a non-finite amount, and stays where it was', () => {
    const clock = new OffsetClock(() => 42);
    clock.advance(8);
    for (const ms of [-1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => clock.advance(ms)).toThrow(new RangeError('the clock only moves forward'));
    }
    expect(clock.now()).toBe(50);
  });

  it('reads the system clock by default', () => {
    const before = Date.now();
    const now = new OffsetClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("DingTalk's calendar month (UTC+8)", () => {
  it('starts a month at 16:00 UTC on the last day of the month before', () => {
    expect(monthInChina(Date.UTC(2026, 0, 31, 15, 59, 59, 999))).toBe('2026-01');
    expect(monthInChina(Date.UTC(2026, 0, 31, 16))).toBe('2026-02');
    expect(monthInChina(Date.UTC(2026, 1, 1, 0))).toBe('2026-02');
    expect(monthInChina(Date.UTC(2026, 11, 31, 15, 59, 59, 999))).toBe('2026-12');
    expect(monthInChina(Date.UTC(2026, 11, 31, 16))).toBe('2027-01');
    expect(monthInChina(Date.UTC(2028, 1, 28, 16))).toBe('2028-02'); // 29 February in a leap year
    expect(monthInChina(Date.UTC(2028, 1, 29, 16))).toBe('2028-03');
  });
});
