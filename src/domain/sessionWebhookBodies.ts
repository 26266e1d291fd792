/**
 * The five legacy robot message bodies a bot posts to its sessionWebhook, and
 * the robot message each becomes in the chat: a batchSend template, so the web
 * client renders it as it renders sends (docs/behaviour.md, Conversations and Stream mode).
 */
export interface ChatMessageContent {
  msgKey: string;
  msgParam: string;
}

/** msgKey of a feedCard: not a batchSend template, shown by the web client as a list of links. */
export const FEED_CARD_MSG_KEY = 'feedCard';

/** The template a body becomes, or undefined when the body is not one of the five shapes. */
export function chatMessageOfBody(body: unknown): ChatMessageContent | undefined {
  if (!isObject(body)) return undefined;
  const param = paramOfBody(body);
  return param && { msgKey: param.msgKey, msgParam: JSON.stringify(param.fields) };
}

function paramOfBody(body: Record<string, unknown>): { msgKey: string; fields: Record<string, unknown> } | undefined {
  const part = body[String(body.msgtype)];
  if (!isObject(part)) return undefined;
  switch (body.msgtype) {
    case 'text':
      if (body.at !== undefined && !isObject(body.at)) return undefined;
      return !strings(part, ['content']) ? undefined : { msgKey: 'sampleText', fields: { content: part.content } };
    case 'markdown':
      return !strings(part, ['title', 'text']) ? undefined : { msgKey: 'sampleMarkdown', fields: { title: part.title, text: part.text } };
    case 'link':
      if (!strings(part, ['title', 'text', 'messageUrl']) || !optionalString(part.picUrl)) return undefined;
      return { msgKey: 'sampleLink', fields: { title: part.title, text: part.text, messageUrl: part.messageUrl, picUrl: part.picUrl ?? '' } };
    case 'actionCard':
      return actionCard(part);
    case 'feedCard':
      return feedCard(part);
    default:
      return undefined;
  }
}

/** One button: sampleActionCard; two side by side (btnOrientation "1"): sampleActionCard6; two to five stacked: sampleActionCard2…5. */
function actionCard(card: Record<string, unknown>): { msgKey: string; fields: Record<string, unknown> } | undefined {
  if (!strings(card, ['title', 'text'])) return undefined;
  const { title, text } = card;
  if (card.btns === undefined) {
    return strings(card, ['singleTitle', 'singleURL']) ? { msgKey: 'sampleActionCard', fields: { title, text, singleTitle: card.singleTitle, singleURL: card.singleURL } } : undefined;
  }
  const buttons = card.btns;
  if (!Array.isArray(buttons) || buttons.length === 0 || buttons.length > 5 || !buttons.every((b) => isObject(b) && strings(b, ['title', 'actionURL']))) return undefined;
  const btns = buttons as Array<{ title: string; actionURL: string }>;
  if (btns.length === 1) return { msgKey: 'sampleActionCard', fields: { title, text, singleTitle: btns[0]?.title, singleURL: btns[0]?.actionURL } };
  if (btns.length === 2 && String(card.btnOrientation) === '1') {
    return {
      msgKey: 'sampleActionCard6',
      fields: { title, text, buttonTitle1: btns[0]?.title, buttonUrl1: btns[0]?.actionURL, buttonTitle2: btns[1]?.title, buttonUrl2: btns[1]?.actionURL },
    };
  }
  const fields: Record<string, unknown> = { title, text };
  btns.forEach((button, i) => {
    fields[`actionTitle${i + 1}`] = button.title;
    fields[`actionURL${i + 1}`] = button.actionURL;
  });
  return { msgKey: `sampleActionCard${btns.length}`, fields };
}

function feedCard(card: Record<string, unknown>): { msgKey: string; fields: Record<string, unknown> } | undefined {
  const links = card.links;
  if (!Array.isArray(links) || links.length === 0 || !links.every((l) => isObject(l) && strings(l, ['title', 'messageURL']) && optionalString(l.picURL))) return undefined;
  const items = (links as Array<Record<string, unknown>>).map((l) => ({ title: l.title, messageURL: l.messageURL, picURL: l.picURL ?? '' }));
  return { msgKey: FEED_CARD_MSG_KEY, fields: { links: items } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every one of `names` is a non-blank string. */
function strings(part: Record<string, unknown>, names: readonly string[]): boolean {
  return names.every((name) => typeof part[name] === 'string' && (part[name] as string).trim() !== '');
}

function optionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}
