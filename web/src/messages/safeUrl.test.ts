import { describe, expect, it } from 'vitest';
import { toImageSrc, toLinkHref } from './safeUrl';

describe('toLinkHref', () => {
  it.each([
    ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['http://example.com', 'http://example.com/'],
    ['  https://example.com/padded  ', 'https://example.com/padded'],
    ['HTTPS://EXAMPLE.COM/Path', 'https://example.com/Path'],
    [
      'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Fexample.com',
      'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Fexample.com',
    ],
  ])('keeps %s as %s', (raw, href) => {
    expect(toLinkHref(raw)).toBe(href);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'mailto:a@example.com',
    '/relative/path',
    '//example.com/protocol-relative',
    'example.com',
    '',
  ])('refuses %j', (raw) => {
    expect(toLinkHref(raw)).toBeNull();
  });
});

describe('toImageSrc', () => {
  it('keeps http and https images', () => {
    expect(toImageSrc('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(toImageSrc('http://example.com/a.png')).toBe('http://example.com/a.png');
  });

  it.each([
    'data:image/png;base64,iVBORw0KGgo=',
    'dingtalk://dingtalkclient/image',
    'javascript:alert(1)',
    '@lADPDgCwTd9w',
    'x',
  ])('refuses %j', (raw) => {
    expect(toImageSrc(raw)).toBeNull();
  });
});
