import { describe, expect, it } from 'vitest';
import { parseRobotMessage, type ParsedMessage } from './parseRobotMessage';

function parse(msgKey: string, params: unknown): ParsedMessage {
  return parseRobotMessage({ msgKey, msgParam: JSON.stringify(params) });
}

describe('parseRobotMessage', () => {
  it('reads text, markdown, image and link messages', () => {
    expect(parse('sampleText', { content: 'hi\nthere' })).toEqual({ kind: 'text', content: 'hi\nthere', atNames: [] });
    expect(parse('sampleMarkdown', { title: 'T', text: '## H' })).toEqual({ kind: 'markdown', title: 'T', text: '## H', atNames: [] });
    expect(parse('sampleText', { content: 'disk full @Lin', atNames: ['Lin', 7] })).toEqual({ kind: 'text', content: 'disk full @Lin', atNames: ['Lin'] });
    expect(parse('sampleImageMsg', { photoURL: 'https://e.com/a.png' })).toEqual({
      kind: 'image',
      photoURL: 'https://e.com/a.png',
    });
    expect(parse('sampleLink', { title: 'T', text: 'x', messageUrl: 'https://e.com', picUrl: 'https://e.com/p.png' })).toEqual({
      kind: 'link',
      title: 'T',
      text: 'x',
      messageUrl: 'https://e.com',
      picUrl: 'https://e.com/p.png',
    });
  });

  it('treats picUrl of a link as optional', () => {
    expect(parse('sampleLink', { title: 'T', text: 'x', messageUrl: 'https://e.com' })).toMatchObject({
      kind: 'link',
      picUrl: null,
    });
  });

  it('reads the single button of sampleActionCard', () => {
    expect(parse('sampleActionCard', { title: 'T', text: 'x', singleTitle: 'Go', singleURL: 'https://e.com' })).toEqual({
      kind: 'actionCard',
      title: 'T',
      text: 'x',
      layout: 'vertical',
      buttons: [{ title: 'Go', url: 'https://e.com' }],
    });
  });

  it.each([2, 3, 4, 5])('reads the %d vertical buttons of sampleActionCard%d, in order', (count) => {
    const params: Record<string, string> = { title: 'T', text: 'x' };
    for (let n = 1; n <= count; n++) {
      params[`actionTitle${n}`] = `Button ${n}`;
      params[`actionURL${n}`] = `https://e.com/${n}`;
    }
    const parsed = parse(`sampleActionCard${count}`, params);
    expect(parsed).toMatchObject({ kind: 'actionCard', layout: 'vertical' });
    expect(parsed.kind === 'actionCard' && parsed.buttons).toEqual(
      Array.from({ length: count }, (_, i) => ({ title: `Button ${i + 1}`, url: `https://e.com/${i + 1}` })),
    );
  });

  it('reads the two horizontal buttons of sampleActionCard6', () => {
    const parsed = parse('sampleActionCard6', {
      title: 'T',
      text: 'x',
      buttonTitle1: 'Yes',
      buttonUrl1: 'https://e.com/yes',
      buttonTitle2: 'No',
      buttonUrl2: 'https://e.com/no',
    });
    expect(parsed).toEqual({
      kind: 'actionCard',
      title: 'T',
      text: 'x',
      layout: 'horizontal',
      buttons: [
        { title: 'Yes', url: 'https://e.com/yes' },
        { title: 'No', url: 'https://e.com/no' },
      ],
    });
  });

  it('reads audio, file and video, with durations in milliseconds as string or number', () => {
    expect(parse('sampleAudio', { mediaId: '@a', duration: '12000' })).toEqual({ kind: 'audio', mediaId: '@a', durationMs: 12000 });
    expect(parse('sampleAudio', { mediaId: '@a', duration: 12000 })).toEqual({ kind: 'audio', mediaId: '@a', durationMs: 12000 });
    expect(parse('sampleFile', { mediaId: '@f', fileName: 'report.pdf', fileType: 'pdf' })).toEqual({
      kind: 'file',
      mediaId: '@f',
      fileName: 'report.pdf',
      fileType: 'pdf',
    });
    expect(
      parse('sampleVideo', { duration: '30000', videoMediaId: '@v', videoType: 'mp4', picMediaId: '@p' }),
    ).toEqual({ kind: 'video', mediaId: '@v', durationMs: 30000 });
  });

  it('keeps a media message whose duration is not a number, without the duration', () => {
    expect(parse('sampleAudio', { mediaId: '@a', duration: 'long' })).toEqual({ kind: 'audio', mediaId: '@a', durationMs: null });
    expect(parse('sampleVideo', { duration: -5 })).toEqual({ kind: 'video', mediaId: null, durationMs: null });
  });

  it('answers unsupported for an unknown msgKey, including Object.prototype names', () => {
    for (const msgKey of ['sampleFeedCard', 'constructor', '__proto__', 'toString', '']) {
      expect(parse(msgKey, {})).toEqual({ kind: 'unsupported', reason: `unknown msgKey "${msgKey}"` });
    }
  });

  it.each(['{"content": ', 'not json', '"a string"', '42', 'null', '[]', '["content"]'])(
    'answers unsupported when msgParam is %j',
    (msgParam) => {
      expect(parseRobotMessage({ msgKey: 'sampleText', msgParam })).toEqual({
        kind: 'unsupported',
        reason: 'msgParam is not a JSON object',
      });
    },
  );

  it.each([
    ['sampleText', {}, 'content'],
    ['sampleText', { content: '' }, 'content'],
    ['sampleText', { content: 7 }, 'content'],
    ['sampleMarkdown', { title: 'T' }, 'text'],
    ['sampleLink', { title: 'T', text: 'x' }, 'messageUrl'],
    ['sampleActionCard', { title: 'T', text: 'x', singleTitle: 'Go' }, 'singleURL'],
    ['sampleActionCard3', { title: 'T', text: 'x', actionTitle1: 'a', actionURL1: 'https://e.com', actionTitle2: 'b', actionURL2: 'https://e.com' }, 'actionTitle3'],
    ['sampleActionCard6', { title: 'T', text: 'x', buttonTitle1: 'a', buttonUrl1: 'https://e.com', buttonTitle2: 'b' }, 'buttonUrl2'],
    ['sampleFile', { mediaId: '@f', fileName: 'a.txt' }, 'fileType'],
    ['sampleVideo', { videoMediaId: '@v' }, 'duration'],
  ])('answers unsupported for %s %j (no usable %s)', (msgKey, params, field) => {
    expect(parse(msgKey, params)).toEqual({
      kind: 'unsupported',
      reason: `${msgKey}: field "${field}" is missing or empty`,
    });
  });
});
