import type { MentionedMember } from '../store/customRobotStore.js';
import type { ChatMessageContent } from './sessionWebhookBodies.js';

/** The name an `isAtAll` mention shows as (`@All`). */
export const AT_ALL_NAME = 'All';

/** A custom robot's `at`: whom its message mentions, by userId or by the mobile in the directory. */
export interface AtSettings {
  atUserIds: string[];
  atMobiles: string[];
  isAtAll: boolean;
}

/** The `at` of a body; anything not a list of strings counts as none. */
export function atOfBody(body: unknown): AtSettings {
  const at = (typeof body === 'object' && body !== null ? (body as Record<string, unknown>).at : undefined) ?? {};
  const field = (name: string) => (at as Record<string, unknown>)[name];
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : []);
  return { atUserIds: strings(field('atUserIds')), atMobiles: strings(field('atMobiles')), isAtAll: field('isAtAll') === true || field('isAtAll') === 'true' };
}

/**
 * The message with its mentions resolved, as DingTalk shows them: in a text or a markdown, each
 * `@<mobile>` or `@<userId>` of a mentioned member becomes `@<name>`; a text names the mentioned
 * members it does not name yet (and `@All`) at its end. The names go into the template as
 * `atNames`, which the web client highlights. Mentions of people outside the group are dropped.
 */
export function withMentions(content: ChatMessageContent, members: readonly MentionedMember[], isAtAll: boolean): ChatMessageContent {
  const textField = content.msgKey === 'sampleText' ? 'content' : content.msgKey === 'sampleMarkdown' ? 'text' : undefined;
  if (textField === undefined || (members.length === 0 && !isAtAll)) return content;
  const fields = JSON.parse(content.msgParam) as Record<string, unknown>;
  let text = String(fields[textField]);
  const unnamed: string[] = [];
  for (const member of members) {
    const handles = [member.userId, ...(member.mobile === null ? [] : [member.mobile])].map((handle) => `@${handle}`);
    const named = handles.some((handle) => text.includes(handle));
    for (const handle of handles) text = text.replaceAll(handle, `@${member.name}`);
    if (!named && !text.includes(`@${member.name}`)) unnamed.push(`@${member.name}`);
  }
  if (isAtAll && !text.includes(`@${AT_ALL_NAME}`)) unnamed.push(`@${AT_ALL_NAME}`);
  if (textField === 'content' && unnamed.length > 0) text = `${text} ${unnamed.join(' ')}`;
  const atNames = [...members.map((m) => m.name), ...(isAtAll ? [AT_ALL_NAME] : [])];
  return { msgKey: content.msgKey, msgParam: JSON.stringify({ ...fields, [textField]: text, atNames }) };
}
