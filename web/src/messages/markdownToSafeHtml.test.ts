// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { markdownToSafeHtml } from './markdownToSafeHtml';

/** The sanitised HTML, parsed back into a DOM to assert on. */
function render(markdown: string): HTMLElement {
  const container = document.createElement('div');
  container.innerHTML = markdownToSafeHtml(markdown);
  return container;
}

function allElements(container: HTMLElement): Element[] {
  return Array.from(container.querySelectorAll('*'));
}

/** What must hold for any output: no active content anywhere. */
function expectInert(container: HTMLElement): void {
  expect(container.querySelector('script, iframe, object, embed, svg, math, style, form, input, base, meta, link')).toBeNull();
  for (const element of allElements(container)) {
    for (const attribute of Array.from(element.attributes)) {
      expect(attribute.name).not.toMatch(/^on/i);
      expect(attribute.name).not.toBe('style');
    }
  }
  for (const link of Array.from(container.querySelectorAll('[href]'))) {
    expect(link.getAttribute('href')).toMatch(/^(https?|dingtalk):/);
  }
  for (const image of Array.from(container.querySelectorAll('[src]'))) {
    expect(image.getAttribute('src')).toMatch(/^https?:/);
  }
}

describe('markdownToSafeHtml: DingTalk markdown', () => {
  it('renders headings of every level', () => {
    const body = render('# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six');
    expect(Array.from(body.children, (element) => [element.tagName, element.textContent])).toEqual([
      ['H1', 'One'],
      ['H2', 'Two'],
      ['H3', 'Three'],
      ['H4', 'Four'],
      ['H5', 'Five'],
      ['H6', 'Six'],
    ]);
  });

  it('renders bold, italics, ordered and unordered lists and quotes', () => {
    const body = render('**bold** and *italic*\n\n1. first\n2. second\n\n- a\n- b\n\n> quoted');
    expect(body.querySelector('strong')?.textContent).toBe('bold');
    expect(body.querySelector('em')?.textContent).toBe('italic');
    expect(Array.from(body.querySelectorAll('ol > li'), (li) => li.textContent)).toEqual(['first', 'second']);
    expect(Array.from(body.querySelectorAll('ul > li'), (li) => li.textContent)).toEqual(['a', 'b']);
    expect(body.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
  });

  it('keeps list start numbers, strikethrough and GFM tables with their alignment', () => {
    const body = render('3. three\n4. four\n\n~~gone~~\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |');
    expect(body.querySelector('ol')?.getAttribute('start')).toBe('3');
    expect(body.querySelector('del')?.textContent).toBe('gone');
    expect(Array.from(body.querySelectorAll('td'), (cell) => [cell.textContent, cell.getAttribute('align')])).toEqual([
      ['1', 'center'],
      ['2', 'right'],
    ]);
  });

  it('keeps a single newline as a line break', () => {
    const body = render('line one\nline two');
    expect(body.querySelector('p > br')).not.toBeNull();
  });

  it('opens links in a new tab without an opener or referrer', () => {
    const link = render('[docs](https://example.com/docs)').querySelector('a');
    expect(link?.getAttribute('href')).toBe('https://example.com/docs');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link?.textContent).toBe('docs');
  });

  it('keeps dingtalk:// links, and links bare URLs', () => {
    expect(render('[open](dingtalk://dingtalkclient/page/link?url=x)').querySelector('a')?.getAttribute('href')).toBe(
      'dingtalk://dingtalkclient/page/link?url=x',
    );
    expect(render('see https://example.com/x').querySelector('a')?.getAttribute('href')).toBe('https://example.com/x');
  });

  it('renders http(s) images, lazily and without a referrer', () => {
    const image = render('![chart](https://example.com/chart.png)').querySelector('img');
    expect(image?.getAttribute('src')).toBe('https://example.com/chart.png');
    expect(image?.getAttribute('alt')).toBe('chart');
    expect(image?.getAttribute('loading')).toBe('lazy');
    expect(image?.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('keeps <font color> with a hex or named colour', () => {
    const fonts = render('<font color="#ff0000">red</font> and <font color="green">green</font>').querySelectorAll('font');
    expect(Array.from(fonts, (font) => [font.getAttribute('color'), font.textContent])).toEqual([
      ['#ff0000', 'red'],
      ['green', 'green'],
    ]);
  });

  it('drops a font colour that is not a colour, and every other font attribute', () => {
    const font = render('<font color="red;background:url(x)" face="Comic Sans" size="7" style="color:red">x</font>').querySelector(
      'font',
    );
    expect(font?.textContent).toBe('x');
    expect(font?.attributes.length).toBe(0);
  });

  it('escapes code instead of interpreting it', () => {
    const body = render('`<b>not bold</b>`\n\n```\n<script>alert(1)</script>\n```');
    expect(body.querySelector('b')).toBeNull();
    expect(body.querySelector('code')?.textContent).toBe('<b>not bold</b>');
    expect(body.querySelector('pre code')?.textContent).toBe('<script>alert(1)</script>\n');
    expectInert(body);
  });

  it('drops class and id attributes, so content cannot borrow the page styles or clobber the DOM', () => {
    const body = render('<p class="card" id="root" data-x="1" aria-hidden="true">text</p>');
    expect(body.querySelector('p')?.attributes.length).toBe(0);
  });
});

describe('markdownToSafeHtml: hostile input', () => {
  it('removes an image whose onerror would run script', () => {
    const body = render('before <img src=x onerror=alert(1)> after');
    expect(body.querySelector('img')).toBeNull();
    expect(body.textContent?.trim()).toBe('before  after');
    expectInert(body);
  });

  it('keeps an http(s) image but strips its event handlers', () => {
    const image = render('<img src="https://example.com/a.png" onerror="alert(1)" onload="alert(2)">').querySelector('img');
    expect(image?.getAttribute('src')).toBe('https://example.com/a.png');
    expect(image?.hasAttribute('onerror')).toBe(false);
    expect(image?.hasAttribute('onload')).toBe(false);
  });

  it('removes <script> with its content', () => {
    const body = render('hello <script>alert(1)</script> world');
    expect(body.querySelector('script')).toBeNull();
    expect(body.textContent).not.toContain('alert');
    expectInert(body);
  });

  it('makes a markdown javascript: link inert text', () => {
    const body = render('[click me](javascript:alert(1))');
    const anchor = body.querySelector('a');
    expect(anchor?.textContent).toBe('click me');
    expect(anchor?.hasAttribute('href')).toBe(false);
    expect(anchor?.hasAttribute('target')).toBe(false);
    expectInert(body);
  });

  it.each([
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](/relative)',
  ])('makes %s inert', (markdown) => {
    const body = render(markdown);
    expect(body.querySelector('a[href]')).toBeNull();
    expectInert(body);
  });

  it('removes iframes', () => {
    const body = render('<iframe src="https://example.com"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>');
    expect(body.querySelector('iframe')).toBeNull();
    expectInert(body);
  });

  it('removes svg with onload, and svg-borne script', () => {
    const body = render('<svg onload=alert(1)><script>alert(2)</script><a xlink:href="javascript:alert(3)">x</a></svg>');
    expect(body.querySelector('svg')).toBeNull();
    expectInert(body);
  });

  it.each([
    '![pixel](data:image/png;base64,iVBORw0KGgo=)',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<img src="javascript:alert(1)">',
    '<img src="dingtalk://x">',
    '<img src="//example.com/protocol-relative.png">',
  ])('removes the non-http(s) image in %s', (markdown) => {
    const body = render(markdown);
    expect(body.querySelector('img')).toBeNull();
    expectInert(body);
  });

  it('removes forms, styles, objects and meta refreshes', () => {
    const body = render(
      '<form action="https://evil.example"><input name="password"><button>Go</button></form>' +
        '<style>body{display:none}</style><object data="x.swf"></object><embed src="x.swf">' +
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="https://evil.example/">',
    );
    expectInert(body);
    expect(body.querySelector('button')).toBeNull();
  });

  it('does not let a target be injected, and never leaves an unsafe one', () => {
    const link = render('<a href="https://example.com" target="_self" rel="opener">x</a>').querySelector('a');
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
  });
});
