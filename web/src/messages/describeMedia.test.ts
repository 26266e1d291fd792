import { describe, expect, it } from 'vitest';
import { describeMedia, formatDuration } from './describeMedia';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [12_000, '12 s'],
    [12_400, '12 s'],
    [59_400, '59 s'],
    [60_000, '1:00'],
    [65_000, '1:05'],
    [3_725_000, '62:05'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('describeMedia', () => {
  it('describes voice, file and video', () => {
    expect(describeMedia({ kind: 'audio', mediaId: null, durationMs: 12_000 })).toEqual({ icon: 'voice', label: 'Voice message · 12 s' });
    expect(describeMedia({ kind: 'file', mediaId: null, fileName: 'report.pdf', fileType: 'pdf' })).toEqual({
      icon: 'file',
      label: 'File · report.pdf (pdf)',
    });
    expect(describeMedia({ kind: 'video', mediaId: null, durationMs: 30_000 })).toEqual({ icon: 'video', label: 'Video · 30 s' });
  });

  it('leaves out a duration it does not know', () => {
    expect(describeMedia({ kind: 'audio', mediaId: null, durationMs: null }).label).toBe('Voice message');
    expect(describeMedia({ kind: 'video', mediaId: null, durationMs: null }).label).toBe('Video');
  });
});
