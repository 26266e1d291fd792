import type { MessagePlace } from '../store/messageStore.js';
import { DEMO } from './directory.js';
import type { RobotMessages } from './robotMessages.js';

/**
 * The Demo Bot's first messages, sent once when Dingo creates the demo
 * directory, so a new user sees rendered messages at once. `baseUrl` is where
 * this Dingo serves, for the cards' buttons. Like DingTalk, the web client shows a
 * markdown message's or action card's body, not its title (the chat list's preview
 * text), so each body starts with its own heading.
 */
export async function sendDemoWelcome(messages: RobotMessages, baseUrl: string): Promise<void> {
  const everyone = DEMO.users.map((u) => u.userId);
  const send = (msgKey: string, param: Record<string, string>, recipients: string[], place: MessagePlace = { chatKind: 'oto', openConversationId: null }) =>
    messages.sendTo({ ...place, corpId: DEMO.corpId, robotCode: DEMO.robotCode, msgKey, msgParam: JSON.stringify(param) }, { recipients });

  await send(
    'sampleMarkdown',
    {
      title: 'Welcome to Dingo',
      text: [
        '## Welcome to Dingo',
        'This chat shows robot messages **exactly as they arrive** on DingTalk.',
        '',
        '- Send with the official SDK or the `curl` in the banner',
        '- Opening a chat marks its messages read, so `readStatus` answers `READ`',
        '- Recalled messages vanish, as on DingTalk',
        '',
        `> API reference: [${baseUrl}/docs](${baseUrl}/docs)`,
      ].join('\n'),
    },
    everyone,
  );
  await send(
    'sampleActionCard2',
    {
      title: 'Where to next',
      text: '### Try the console\nSee who read what, recall messages, edit the directory.',
      actionTitle1: 'Open the console',
      actionURL1: `${baseUrl}/console`,
      actionTitle2: 'Read the API reference',
      actionURL2: `${baseUrl}/docs`,
    },
    everyone,
  );
  await send('sampleText', { content: 'Hello to you both! Robots in person-to-person chats reach both members.' }, DEMO.chat.members, {
    chatKind: 'p2p',
    openConversationId: DEMO.chat.openConversationId,
  });
  await send('sampleText', { content: 'Hello team! A robot installed in a group reaches every member.' }, DEMO.group.members, {
    chatKind: 'group',
    openConversationId: DEMO.group.openConversationId,
  });
}
