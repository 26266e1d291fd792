import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  it('runs once more after a burst of calls during a run, not once per call', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const task = coalesce(async () => {
      runs += 1;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const first = task();
    void task();
    void task();
    expect(runs).toBe(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(runs).toBe(2);
    release();
    await first;
    expect(runs).toBe(2);
    void task();
    expect(runs).toBe(3);
    release();
  });
});
