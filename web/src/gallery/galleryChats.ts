import type { ChatMessage } from '../chat/ChatPane';
import type { RobotMessage } from '../messages/parseRobotMessage';

/** Static demo content until the client talks to the server. */
export interface GalleryChat {
  readonly id: string;
  readonly title: string;
  readonly subtitle: string;
  readonly preview: string;
  readonly time: string;
  readonly messages: readonly ChatMessage[];
}

function robotMessage(msgKey: string, params: Record<string, string | number>): RobotMessage {
  return { msgKey, msgParam: JSON.stringify(params) };
}

/** Pictures shipped in web/public/gallery, as absolute URLs (the client only loads http(s) images). */
function galleryAsset(name: string): string {
  return new URL(`/gallery/${name}`, window.location.origin).href;
}

function fromDemoBot(id: string, time: string, message: RobotMessage): ChatMessage {
  return { id, sender: 'Demo Bot', time, message };
}

const templates: GalleryChat = {
  id: 'templates',
  title: 'Demo Bot',
  subtitle: 'One-to-one chat · every message template',
  preview: '[Video]',
  time: '09:42',
  messages: [
    fromDemoBot('text', '09:30', robotMessage('sampleText', {
      content: 'Good morning! Your build #1287 passed.\nNext deploy window: 14:00–15:00.',
    })),
    fromDemoBot('markdown', '09:31', robotMessage('sampleMarkdown', {
      title: 'Weekly report',
      text: [
        '## Sprint 42 in numbers',
        'Tickets closed: **42** (<font color="#16a34a">+12%</font>)',
        '',
        '1. Release 2.4 shipped',
        '2. On-call handover done',
        '',
        '- [Open the dashboard](https://example.com/dashboard)',
        '- Owner: *Qu Dayue*',
        '',
        '> Remember to update your OKRs by Friday.',
        '',
        `![Burn-down chart](${galleryAsset('chart.svg')})`,
      ].join('\n'),
    })),
    fromDemoBot('image', '09:32', robotMessage('sampleImageMsg', { photoURL: galleryAsset('chart.svg') })),
    fromDemoBot('link', '09:33', robotMessage('sampleLink', {
      title: 'Release notes 2.4',
      text: 'Faster search, dark mode and 31 bug fixes. Read what changed.',
      messageUrl: 'https://example.com/releases/2.4',
      picUrl: galleryAsset('thumbnail.svg'),
    })),
    fromDemoBot('action-card', '09:34', robotMessage('sampleActionCard', {
      title: 'Expense claim approved',
      text: '### Expense claim #5531\nAmount: **¥ 1,280.00**\nApproved by *Finance*.',
      singleTitle: 'View details',
      singleURL: 'https://example.com/expenses/5531',
    })),
    fromDemoBot('action-card-2', '09:35', robotMessage('sampleActionCard2', {
      title: 'Leave request',
      text: '**Zhang Wei** asks for leave on **Mon 12 – Tue 13**.',
      actionTitle1: 'Approve',
      actionURL1: 'https://example.com/leave/77/approve',
      actionTitle2: 'Reject',
      actionURL2: 'https://example.com/leave/77/reject',
    })),
    fromDemoBot('action-card-3', '09:36', robotMessage('sampleActionCard3', {
      title: 'Incident INC-204',
      text: '#### Checkout latency above 2 s\nSeverity: <font color="#dc2626">high</font>',
      actionTitle1: 'Acknowledge',
      actionURL1: 'https://example.com/incidents/204/ack',
      actionTitle2: 'Open runbook',
      actionURL2: 'https://example.com/runbooks/checkout',
      actionTitle3: 'Escalate',
      actionURL3: 'https://example.com/incidents/204/escalate',
    })),
    fromDemoBot('action-card-4', '09:37', robotMessage('sampleActionCard4', {
      title: 'Lunch poll',
      text: 'Where do we eat on Friday?',
      actionTitle1: 'Noodles',
      actionURL1: 'https://example.com/poll/1',
      actionTitle2: 'Dumplings',
      actionURL2: 'https://example.com/poll/2',
      actionTitle3: 'Hot pot',
      actionURL3: 'https://example.com/poll/3',
      actionTitle4: 'Salad',
      actionURL4: 'https://example.com/poll/4',
    })),
    fromDemoBot('action-card-5', '09:38', robotMessage('sampleActionCard5', {
      title: 'Rate the onboarding',
      text: 'How was your first week?',
      actionTitle1: '★★★★★',
      actionURL1: 'https://example.com/rate/5',
      actionTitle2: '★★★★',
      actionURL2: 'https://example.com/rate/4',
      actionTitle3: '★★★',
      actionURL3: 'https://example.com/rate/3',
      actionTitle4: '★★',
      actionURL4: 'https://example.com/rate/2',
      actionTitle5: '★',
      actionURL5: 'https://example.com/rate/1',
    })),
    fromDemoBot('action-card-6', '09:39', robotMessage('sampleActionCard6', {
      title: 'Deploy to production?',
      text: 'Release **2.4.1** is ready. Deploy now?',
      buttonTitle1: 'Deploy',
      buttonUrl1: 'https://example.com/deploy/241',
      buttonTitle2: 'Later',
      buttonUrl2: 'dingtalk://dingtalkclient/page/link?url=https%3A%2F%2Fexample.com%2Fdeploy%2F241%2Flater',
    })),
    fromDemoBot('audio', '09:40', robotMessage('sampleAudio', { mediaId: '@lAjPDeC2uYq3', duration: '12000' })),
    fromDemoBot('file', '09:41', robotMessage('sampleFile', {
      mediaId: '@lAjPDfmVbW0x',
      fileName: 'report.pdf',
      fileType: 'pdf',
    })),
    fromDemoBot('video', '09:42', robotMessage('sampleVideo', {
      duration: '30000',
      videoMediaId: '@lAjPDgCwTd9v',
      videoType: 'mp4',
      picMediaId: '@lADPDgCwTd9w',
    })),
  ],
};

const sanitiser: GalleryChat = {
  id: 'sanitiser',
  title: 'Sanitiser checks',
  subtitle: 'Hostile input, as the client neutralises it',
  preview: 'Unsupported message',
  time: '08:15',
  messages: [
    fromDemoBot('event-handlers', '08:10', robotMessage('sampleMarkdown', {
      title: 'Event handlers',
      text: 'Image with onerror: <img src=x onerror=alert(1)>\n\nSVG with onload: <svg onload=alert(1)></svg>\n\nScript: <script>alert(1)</script>',
    })),
    fromDemoBot('script-links', '08:11', robotMessage('sampleMarkdown', {
      title: 'Script links',
      text: '[markdown javascript: link](javascript:alert(1))\n\n<a href="javascript:alert(1)">HTML javascript: link</a>\n\n<iframe src="https://example.com"></iframe>\n\n![data: image](data:image/png;base64,iVBORw0KGgo=)',
    })),
    fromDemoBot('card-script-url', '08:12', robotMessage('sampleActionCard', {
      title: 'Button with a javascript: URL',
      text: 'The button below stays disabled.',
      singleTitle: 'Do not click',
      singleURL: 'javascript:alert(1)',
    })),
    fromDemoBot('link-script-url', '08:13', robotMessage('sampleLink', {
      title: 'Link card with a javascript: URL',
      text: 'This card is not a link.',
      messageUrl: 'javascript:alert(1)',
    })),
    fromDemoBot('bad-json', '08:14', { msgKey: 'sampleText', msgParam: '{"content": ' }),
    fromDemoBot('unknown-key', '08:15', robotMessage('sampleFeedCard', { title: 'Not a robot API template' })),
  ],
};

export const galleryChats: readonly [GalleryChat, ...GalleryChat[]] = [templates, sanitiser];
