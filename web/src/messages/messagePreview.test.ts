import { describe, expect, it } from 'vitest';
import { messagePreview } from './messagePreview';

function preview(msgKey: string, params: Record<string, string | number>): string {
  return messagePreview({ msgKey, msgParam: JSON.stringify(params) });
}

describe('messagePreview', () => {
  it('shows text content on one line', () => {
    expect(preview('sampleText', { content: '  Build passed.\n\nDeploy at  14:00\t' })).toBe('Build passed. Deploy at 14:00');
  });

  it('shows the title of markdown, link cards and action cards', () => {
    expect(preview('sampleMarkdown', { title: 'Weekly report', text: '## Ignored' })).toBe('Weekly report');
    expect(preview('sampleLink', { title: 'Release 2.4', text: 't', messageUrl: 'https://example.com' })).toBe('Release 2.4');
    expect(preview('sampleActionCard', { title: 'Approve?', text: 't', singleTitle: 'Go', singleURL: 'https://example.com' })).toBe('Approve?');
    expect(
      preview('sampleActionCard6', {
        title: 'Leave',
        text: 't',
        buttonTitle1: 'Yes',
        buttonUrl1: 'https://example.com/y',
        buttonTitle2: 'No',
        buttonUrl2: 'https://example.com/n',
      }),
    ).toBe('Leave');
  });

  it('names media in brackets', () => {
    expect(preview('sampleImageMsg', { photoURL: 'https://example.com/a.png' })).toBe('[Image]');
    expect(preview('sampleAudio', { mediaId: 'm', duration: '3000' })).toBe('[Voice]');
    expect(preview('sampleFile', { mediaId: 'm', fileName: 'report.pdf', fileType: 'pdf' })).toBe('[File] report.pdf');
    expect(preview('sampleVideo', { duration: '10', videoMediaId: 'v', videoType: 'mp4', picMediaId: 'p' })).toBe('[Video]');
  });

  it('never throws on what no template fits', () => {
    expect(messagePreview({ msgKey: 'sampleText', msgParam: 'not json' })).toBe('[Unsupported message]');
    expect(messagePreview({ msgKey: 'nope', msgParam: '{}' })).toBe('[Unsupported message]');
  });
});
