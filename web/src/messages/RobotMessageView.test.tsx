// @vitest-environment jsdom
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RobotMessage } from './parseRobotMessage';
import { RobotMessageView } from './RobotMessageView';

const mounted: Root[] = [];

afterEach(() => {
  for (const root of mounted.splice(0)) root.unmount();
  document.body.replaceChildren();
});

/** Renders the message into a container in the jsdom document, as the browser would. */
function render(message: RobotMessage): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push(root);
  flushSync(() => root.render(<RobotMessageView message={message} />));
  return container;
}

function renderTemplate(msgKey: string, params: Record<string, string | number>): HTMLElement {
  return render({ msgKey, msgParam: JSON.stringify(params) });
}

function buttonsOf(container: HTMLElement): Array<[string | null, string | null]> {
  return Array.from(container.querySelectorAll('.action-card__button'), (button) => [
    button.textContent,
    button.getAttribute('href'),
  ]);
}

/** No active content anywhere in the rendered message. */
function expectInert(container: HTMLElement): void {
  expect(container.querySelector('script, iframe, object, embed, svg, style')).toBeNull();
  for (const element of Array.from(container.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      expect(attribute.name).not.toMatch(/^on/i);
    }
  }
  for (const link of Array.from(container.querySelectorAll('[href]'))) {
    expect(link.getAttribute('href')).toMatch(/^((https?|dingtalk):|\/api\/media\/)/);
  }
  for (const image of Array.from(container.querySelectorAll('[src]'))) {
    expect(image.getAttribute('src')).toMatch(/^(https?:|\/api\/media\/)/);
  }
}

describe('RobotMessageView: the 13 templates', () => {
  it('sampleText: plain text with its newlines, HTML and markdown shown literally', () => {
    const container = renderTemplate('sampleText', { content: 'line 1\nline 2 <b>not bold</b> **not bold**' });
    const text = container.querySelector('.text-message');
    expect(text?.textContent).toBe('line 1\nline 2 <b>not bold</b> **not bold**');
    expect(container.querySelector('b, strong')).toBeNull();
  });

  it('sampleMarkdown: the markdown rendered as HTML; the title (the preview text) only names the card', () => {
    const container = renderTemplate('sampleMarkdown', {
      title: 'Weekly report',
      text: '## Heading\n**bold** <font color="#ff0000">red</font>\n\n- item\n\n> quote\n\n[docs](https://example.com/docs)\n\n![chart](https://example.com/c.png)',
    });
    const card = container.querySelector('.markdown-message');
    expect(card?.getAttribute('aria-label')).toBe('Weekly report');
    expect(card?.textContent).not.toContain('Weekly report');
    const body = container.querySelector('.markdown-body');
    expect(body?.querySelector('h2')?.textContent).toBe('Heading');
    expect(body?.querySelector('strong')?.textContent).toBe('bold');
    expect(body?.querySelector('font')?.getAttribute('color')).toBe('#ff0000');
    expect(body?.querySelector('ul > li')?.textContent).toBe('item');
    expect(body?.querySelector('blockquote')?.textContent?.trim()).toBe('quote');
    const link = body?.querySelector('a');
    expect([link?.getAttribute('href'), link?.getAttribute('target'), link?.getAttribute('rel')]).toEqual([
      'https://example.com/docs',
      '_blank',
      'noopener noreferrer',
    ]);
    expect(body?.querySelector('img')?.getAttribute('src')).toBe('https://example.com/c.png');
  });

  it('sampleImageMsg: the picture from photoURL', () => {
    const image = renderTemplate('sampleImageMsg', { photoURL: 'https://example.com/p.png' }).querySelector('img');
    expect(image?.className).toBe('image-message');
    expect(image?.getAttribute('src')).toBe('https://example.com/p.png');
    expect(image?.getAttribute('referrerpolicy')).toBe('no-referrer');
  });

  it('sampleImageMsg: a media id instead of a URL is the picture Dingo serves for it', () => {
    const container = renderTemplate('sampleImageMsg', { photoURL: '@lADPDgCw/Td9w' });
    expectInert(container);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('/api/media/%40lADPDgCw%2FTd9w');
  });

  it('sampleImageMsg: a picture that does not load becomes a placeholder naming it', () => {
    const container = renderTemplate('sampleImageMsg', { photoURL: '@lADPDgCwTd9w' });
    flushSync(() => container.querySelector('img')?.dispatchEvent(new Event('error')));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.media-placeholder__label')?.textContent).toBe('Image · @lADPDgCwTd9w');
    expect(container.querySelector('.media-placeholder__icon--image')).not.toBeNull();
  });

  it('sampleLink: the whole card links to messageUrl, with title, text and picture', () => {
    const container = renderTemplate('sampleLink', {
      title: 'Release notes',
      text: 'What changed',
      messageUrl: 'https://example.com/notes',
      picUrl: 'https://example.com/thumb.png',
    });
    const card = container.firstElementChild;
    expect(card?.tagName).toBe('A');
    expect(card?.classList.contains('link-card')).toBe(true);
    expect(card?.getAttribute('href')).toBe('https://example.com/notes');
    expect(card?.getAttribute('target')).toBe('_blank');
    expect(card?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(card?.querySelector('.card__title')?.textContent).toBe('Release notes');
    expect(card?.querySelector('.link-card__text')?.textContent).toBe('What changed');
    expect(card?.querySelector('img')?.getAttribute('src')).toBe('https://example.com/thumb.png');
  });

  it('sampleLink: no picture without a picUrl, or with a non-http(s) one', () => {
    const params = { title: 'T', text: 'x', messageUrl: 'https://example.com' };
    expect(renderTemplate('sampleLink', params).querySelector('img')).toBeNull();
    expect(renderTemplate('sampleLink', { ...params, picUrl: '@lADPmedia' }).querySelector('img')).toBeNull();
  });

  it('sampleActionCard: markdown text and one button linking to singleURL; the title only names the card', () => {
    const container = renderTemplate('sampleActionCard', {
      title: 'Expense approved',
      text: '### Claim #5531\nAmount: **¥ 1,280**',
      singleTitle: 'View details',
      singleURL: 'https://example.com/expenses/5531',
    });
    const card = container.querySelector('.action-card');
    expect(card?.getAttribute('aria-label')).toBe('Expense approved');
    expect(card?.textContent).not.toContain('Expense approved');
    expect(container.querySelector('.markdown-body h3')?.textContent).toBe('Claim #5531');
    expect(container.querySelector('.markdown-body strong')?.textContent).toBe('¥ 1,280');
    const button = container.querySelector('a.action-card__button');
    expect(button?.getAttribute('target')).toBe('_blank');
    expect(button?.getAttribute('rel')).toBe('noopener noreferrer');
    expect(buttonsOf(container)).toEqual([['View details', 'https://example.com/expenses/5531']]);
  });

  it.each([2, 3, 4, 5])('sampleActionCard%d: %d vertical buttons, in order', (count) => {
    const params: Record<string, string> = { title: 'Poll', text: 'Pick one' };
    for (let n = 1; n <= count; n++) {
      params[`actionTitle${n}`] = `Option ${n}`;
      params[`actionURL${n}`] = `https://example.com/vote/${n}`;
    }
    const container = renderTemplate(`sampleActionCard${count}`, params);
    expect(container.querySelector('.action-card__buttons')?.classList.contains('action-card__buttons--vertical')).toBe(true);
    expect(buttonsOf(container)).toEqual(
      Array.from({ length: count }, (_, i) => [`Option ${i + 1}`, `https://example.com/vote/${i + 1}`]),
    );
  });

  it('sampleActionCard6: two buttons laid out horizontally', () => {
    const container = renderTemplate('sampleActionCard6', {
      title: 'Deploy?',
      text: 'Release **2.4.1** is ready',
      buttonTitle1: 'Deploy',
      buttonUrl1: 'https://example.com/deploy',
      buttonTitle2: 'Later',
      buttonUrl2: 'dingtalk://dingtalkclient/page/link?url=x',
    });
    const buttons = container.querySelector('.action-card__buttons');
    expect(buttons?.classList.contains('action-card__buttons--horizontal')).toBe(true);
    expect(buttons?.classList.contains('action-card__buttons--vertical')).toBe(false);
    expect(buttonsOf(container)).toEqual([
      ['Deploy', 'https://example.com/deploy'],
      ['Later', 'dingtalk://dingtalkclient/page/link?url=x'],
    ]);
  });

  it('sampleAudio: a voice card with its duration that downloads the media id', () => {
    const container = renderTemplate('sampleAudio', { mediaId: '@a', duration: '12000' });
    expect(container.querySelector('.media-placeholder__label')?.textContent).toBe('Voice message · 12 s');
    const icon = container.querySelector('.media-placeholder__icon');
    expect(icon?.classList.contains('media-placeholder__icon--voice')).toBe(true);
    expect(icon?.getAttribute('aria-hidden')).toBe('true');
    expect(container.querySelector('a.media-placeholder')?.getAttribute('href')).toBe('/api/media/%40a');
    expect(container.querySelector('audio, video, img')).toBeNull();
  });

  it('sampleFile: a file card with name and type that downloads the media id', () => {
    const container = renderTemplate('sampleFile', { mediaId: '@f', fileName: 'report.pdf', fileType: 'pdf' });
    expect(container.querySelector('.media-placeholder__label')?.textContent).toBe('File · report.pdf (pdf)');
    expect(container.querySelector('.media-placeholder__icon--file')).not.toBeNull();
    const link = container.querySelector('a');
    expect([link?.getAttribute('href'), link?.hasAttribute('download')]).toEqual(['/api/media/%40f', true]);
    expectInert(container);
  });

  it('sampleFile: a mediaId that is a URL links nowhere', () => {
    const container = renderTemplate('sampleFile', { mediaId: 'javascript:alert(1)', fileName: 'x', fileType: 'txt' });
    expectInert(container);
    expect(container.querySelector('a')).toBeNull();
  });

  it('sampleVideo: a video placeholder with its duration', () => {
    const container = renderTemplate('sampleVideo', {
      duration: 30000,
      videoMediaId: '@v',
      videoType: 'mp4',
      picMediaId: '@p',
    });
    expect(container.querySelector('.media-placeholder__label')?.textContent).toBe('Video · 30 s');
    expect(container.querySelector('.media-placeholder__icon--video')).not.toBeNull();
    expect(container.querySelector('a')?.getAttribute('href')).toBe('/api/media/%40v');
    expect(container.querySelector('video, img')).toBeNull();
  });
});

describe('RobotMessageView: what it cannot render', () => {
  it('shows "Unsupported message" for an unknown msgKey', () => {
    const container = renderTemplate('sampleFeedCard', { title: 'x' });
    expect(container.querySelector('.unsupported-message__title')?.textContent).toBe('Unsupported message');
    expect(container.querySelector('.unsupported-message__reason')?.textContent).toBe('unknown msgKey "sampleFeedCard"');
  });

  it('shows "Unsupported message" when msgParam does not parse', () => {
    const container = render({ msgKey: 'sampleText', msgParam: '{"content": ' });
    expect(container.querySelector('.unsupported-message__title')?.textContent).toBe('Unsupported message');
    expect(container.querySelector('.unsupported-message__reason')?.textContent).toBe('msgParam is not a JSON object');
  });

  it('shows "Unsupported message" when a required field is missing', () => {
    const container = renderTemplate('sampleActionCard2', { title: 'T', text: 'x', actionTitle1: 'a', actionURL1: 'https://e.com' });
    expect(container.querySelector('.unsupported-message__reason')?.textContent).toBe(
      'sampleActionCard2: field "actionTitle2" is missing or empty',
    );
    expect(container.querySelector('.action-card')).toBeNull();
  });
});

describe('RobotMessageView: hostile input is neutralised', () => {
  it('markdown: <img onerror>, <script>, <iframe>, <svg onload> and data: images are gone', () => {
    const container = renderTemplate('sampleMarkdown', {
      title: '<img src=x onerror=alert(1)>',
      text:
        'a <img src=x onerror=alert(1)> b\n\n<script>alert(2)</script>\n\n<iframe src="https://example.com"></iframe>\n\n' +
        '<svg onload=alert(3)></svg>\n\n![pixel](data:image/png;base64,iVBORw0KGgo=)',
    });
    expectInert(container);
    expect(container.querySelector('img')).toBeNull();
    // The title is text, not markup.
    expect(container.querySelector('.markdown-message')?.getAttribute('aria-label')).toBe('<img src=x onerror=alert(1)>');
  });

  it('markdown: [x](javascript:…) and <a href="javascript:…"> keep their text but lose the link', () => {
    const container = renderTemplate('sampleMarkdown', {
      title: 'links',
      text: '[markdown link](javascript:alert(1))\n\n<a href="javascript:alert(2)" onclick="alert(3)">html link</a>',
    });
    expectInert(container);
    expect(container.querySelector('a[href]')).toBeNull();
    expect(container.textContent).toContain('markdown link');
    expect(container.textContent).toContain('html link');
  });

  it('action card: a javascript: singleURL becomes a disabled button, never a link', () => {
    const container = renderTemplate('sampleActionCard', {
      title: 'T',
      text: 'x',
      singleTitle: 'Do not click',
      singleURL: 'javascript:alert(1)',
    });
    expectInert(container);
    expect(container.querySelector('a')).toBeNull();
    const button = container.querySelector('.action-card__button');
    expect(button?.tagName).toBe('SPAN');
    expect(button?.textContent).toBe('Do not click');
    expect(button?.getAttribute('aria-disabled')).toBe('true');
    expect(button?.classList.contains('is-blocked')).toBe(true);
  });

  it('action card: only the unsafe buttons are disabled', () => {
    const container = renderTemplate('sampleActionCard3', {
      title: 'T',
      text: 'x',
      actionTitle1: 'Good',
      actionURL1: 'https://example.com/ok',
      actionTitle2: 'Data',
      actionURL2: 'data:text/html,<script>alert(1)</script>',
      actionTitle3: 'Sneaky',
      actionURL3: ' JaVa\tScRiPt:alert(1)',
    });
    expectInert(container);
    expect(buttonsOf(container)).toEqual([
      ['Good', 'https://example.com/ok'],
      ['Data', null],
      ['Sneaky', null],
    ]);
  });

  it('link card: a javascript: messageUrl makes the card inert', () => {
    const container = renderTemplate('sampleLink', {
      title: 'T',
      text: 'x',
      messageUrl: 'javascript:alert(1)',
      picUrl: 'javascript:alert(2)',
    });
    expectInert(container);
    expect(container.querySelector('a, img')).toBeNull();
    expect(container.querySelector('.link-card')?.classList.contains('is-blocked')).toBe(true);
  });

  it('image: a data: or javascript: photoURL loads nothing', () => {
    for (const photoURL of ['data:image/png;base64,iVBORw0KGgo=', 'javascript:alert(1)']) {
      const container = renderTemplate('sampleImageMsg', { photoURL });
      expectInert(container);
      expect(container.querySelector('img')).toBeNull();
    }
  });

  it('text: markup in plain text stays text', () => {
    const container = renderTemplate('sampleText', { content: '<img src=x onerror=alert(1)><script>alert(2)</script>' });
    expectInert(container);
    expect(container.querySelector('img, script')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror=alert(1)><script>alert(2)</script>');
  });
});
