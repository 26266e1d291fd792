/**
 * A robot message as the API stores it, turned into typed data for the
 * renderers. Pure: no DOM, no React. Anything that does not fit a template
 * (bad JSON, unknown msgKey, a required field missing) becomes an
 * `unsupported` message instead of an exception.
 *
 * URLs are passed through as sent; the components apply the URL policy
 * (safeUrl.ts) where they turn them into links and images.
 */

export interface RobotMessage {
  readonly msgKey: string;
  /** Text of a JSON object whose fields depend on msgKey (docs/behaviour.md, Sending). */
  readonly msgParam: string;
}

export interface TextMessageData {
  readonly kind: 'text';
  readonly content: string;
  /** The names a custom robot's message mentions (`@Name` in the content), highlighted; usually none. */
  readonly atNames: readonly string[];
}

export interface MarkdownMessageData {
  readonly kind: 'markdown';
  readonly title: string;
  readonly text: string;
  /** As in a text: the mentioned names, highlighted. */
  readonly atNames: readonly string[];
}

export interface ImageMessageData {
  readonly kind: 'image';
  readonly photoURL: string;
}

export interface LinkMessageData {
  readonly kind: 'link';
  readonly title: string;
  readonly text: string;
  readonly messageUrl: string;
  readonly picUrl: string | null;
}

export interface ActionButton {
  readonly title: string;
  readonly url: string;
}

export type ButtonLayout = 'vertical' | 'horizontal';

export interface ActionCardMessageData {
  readonly kind: 'actionCard';
  readonly title: string;
  readonly text: string;
  readonly layout: ButtonLayout;
  readonly buttons: readonly ActionButton[];
}

export interface AudioMessageData {
  readonly kind: 'audio';
  /** The media id of the voice, if sent (the web client links to it). */
  readonly mediaId: string | null;
  /** null when the sender's duration is not a number. */
  readonly durationMs: number | null;
}

export interface FileMessageData {
  readonly kind: 'file';
  readonly mediaId: string | null;
  readonly fileName: string;
  readonly fileType: string;
}

export interface VideoMessageData {
  readonly kind: 'video';
  /** `videoMediaId`. */
  readonly mediaId: string | null;
  /** null when the sender's duration is not a number. */
  readonly durationMs: number | null;
}

/** A sessionWebhook's feedCard (Dingo's `feedCard` msgKey): a list of linked titles with pictures. */
export interface FeedCardMessageData {
  readonly kind: 'feedCard';
  readonly links: readonly { readonly title: string; readonly messageURL: string; readonly picURL: string | null }[];
}

export interface UnsupportedMessageData {
  readonly kind: 'unsupported';
  /** Why it cannot be shown, for the bot developer looking at the chat. */
  readonly reason: string;
}

export type MediaMessageData = AudioMessageData | FileMessageData | VideoMessageData;

export type ParsedMessage =
  | TextMessageData
  | MarkdownMessageData
  | ImageMessageData
  | LinkMessageData
  | ActionCardMessageData
  | FeedCardMessageData
  | MediaMessageData
  | UnsupportedMessageData;

type Params = Readonly<Record<string, unknown>>;

class UnusableField extends Error {}

/** A required field: a non-empty string, as the API enforces on send. */
function required(params: Params, field: string): string {
  const value = params[field];
  if (typeof value !== 'string' || value === '') {
    throw new UnusableField(`field "${field}" is missing or empty`);
  }
  return value;
}

function optional(params: Params, field: string): string | null {
  const value = params[field];
  return typeof value === 'string' && value !== '' ? value : null;
}

/** An optional list of names: its strings, or none. */
function names(params: Params, field: string): readonly string[] {
  const value = params[field];
  return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string' && name !== '') : [];
}

/**
 * A required duration, a string or a number of milliseconds (DingTalk's unit for
 * sampleAudio and sampleVideo). Present but not numeric → null (shown without it).
 */
function duration(params: Params, field: string): number | null {
  const value = params[field];
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  const text = required(params, field).trim();
  const ms = Number(text);
  return text !== '' && Number.isFinite(ms) && ms >= 0 ? ms : null;
}

/** Where an action card's buttons come from: [title field, URL field] per button. */
type ButtonFields = readonly (readonly [titleField: string, urlField: string])[];

function actionCard(layout: ButtonLayout, buttonFields: ButtonFields): (params: Params) => ActionCardMessageData {
  return (params) => ({
    kind: 'actionCard',
    title: required(params, 'title'),
    text: required(params, 'text'),
    layout,
    buttons: buttonFields.map(([titleField, urlField]) => ({
      title: required(params, titleField),
      url: required(params, urlField),
    })),
  });
}

/** actionTitle1/actionURL1 … actionTitleN/actionURLN of sampleActionCard2…5. */
function numberedButtons(count: number): ButtonFields {
  return Array.from({ length: count }, (_, index) => [`actionTitle${index + 1}`, `actionURL${index + 1}`] as const);
}

type TemplateParser = (params: Params) => ParsedMessage;

/**
 * One parser per msgKey. A parser reads only the fields it displays; a media id
 * is optional here (the API requires it): without one the media is shown
 * without its link. `picMediaId`, the video's cover, is not shown.
 */
const TEMPLATES = new Map<string, TemplateParser>([
  ['sampleText', (p) => ({ kind: 'text', content: required(p, 'content'), atNames: names(p, 'atNames') })],
  ['sampleMarkdown', (p) => ({ kind: 'markdown', title: required(p, 'title'), text: required(p, 'text'), atNames: names(p, 'atNames') })],
  ['sampleImageMsg', (p) => ({ kind: 'image', photoURL: required(p, 'photoURL') })],
  [
    'sampleLink',
    (p) => ({
      kind: 'link',
      title: required(p, 'title'),
      text: required(p, 'text'),
      messageUrl: required(p, 'messageUrl'),
      picUrl: optional(p, 'picUrl'),
    }),
  ],
  ['sampleActionCard', actionCard('vertical', [['singleTitle', 'singleURL']])],
  ['sampleActionCard2', actionCard('vertical', numberedButtons(2))],
  ['sampleActionCard3', actionCard('vertical', numberedButtons(3))],
  ['sampleActionCard4', actionCard('vertical', numberedButtons(4))],
  ['sampleActionCard5', actionCard('vertical', numberedButtons(5))],
  [
    'sampleActionCard6',
    actionCard('horizontal', [
      ['buttonTitle1', 'buttonUrl1'],
      ['buttonTitle2', 'buttonUrl2'],
    ]),
  ],
  ['sampleAudio', (p) => ({ kind: 'audio', mediaId: optional(p, 'mediaId'), durationMs: duration(p, 'duration') })],
  ['sampleFile', (p) => ({ kind: 'file', mediaId: optional(p, 'mediaId'), fileName: required(p, 'fileName'), fileType: required(p, 'fileType') })],
  ['sampleVideo', (p) => ({ kind: 'video', mediaId: optional(p, 'videoMediaId'), durationMs: duration(p, 'duration') })],
  ['feedCard', feedCard],
]);

function feedCard(params: Params): FeedCardMessageData {
  const links = params.links;
  if (!Array.isArray(links) || links.length === 0) throw new UnusableField('field "links" is missing or empty');
  return {
    kind: 'feedCard',
    links: links.map((link: unknown) => {
      const fields = (typeof link === 'object' && link !== null ? link : {}) as Params;
      return { title: required(fields, 'title'), messageURL: required(fields, 'messageURL'), picURL: optional(fields, 'picURL') };
    }),
  };
}

function parseParams(msgParam: string): Params | null {
  let value: unknown;
  try {
    value = JSON.parse(msgParam);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Params) : null;
}

export function parseRobotMessage(message: RobotMessage): ParsedMessage {
  const template = TEMPLATES.get(message.msgKey);
  if (template === undefined) {
    return { kind: 'unsupported', reason: `unknown msgKey "${message.msgKey}"` };
  }
  const params = parseParams(message.msgParam);
  if (params === null) {
    return { kind: 'unsupported', reason: 'msgParam is not a JSON object' };
  }
  try {
    return template(params);
  } catch (error) {
    if (error instanceof UnusableField) return { kind: 'unsupported', reason: `${message.msgKey}: ${error.message}` };
    throw error;
  }
}
