import { badRequest } from './errors.js';

/** One required field of a template and the code DingTalk answers when it is missing. */
interface RequiredField {
  name: string;
  code: string;
  /** `duration` may be a number as well as a string. */
  numberAllowed?: boolean;
}

const field = (name: string, code: string): RequiredField => ({ name, code });
const CARD_TITLE = field('title', 'miss.param.actionCardTotitle');
const CARD_TEXT = field('text', 'miss.param.actionCardTotext');
const BUTTON_TITLE = 'miss.param.actionCardTobtnsTotitle';
const BUTTON_URL = 'miss.param.actionCardTobtnsToactionUrl';

function verticalButtonsCard(count: number): RequiredField[] {
  const buttons = Array.from({ length: count }, (_, i) => [field(`actionTitle${i + 1}`, BUTTON_TITLE), field(`actionURL${i + 1}`, BUTTON_URL)]);
  return [CARD_TITLE, CARD_TEXT, ...buttons.flat()];
}

/** The message templates of batchSend's `msgKey`: msgKey → required fields, in the order they are checked. */
export const TEMPLATES: ReadonlyMap<string, readonly RequiredField[]> = new Map([
  ['sampleText', [field('content', 'miss.param.contentOfText')]],
  ['sampleMarkdown', [field('title', 'miss.param.markdownTotitle'), field('text', 'miss.param.markdownTotext')]],
  ['sampleImageMsg', [field('photoURL', 'miss.param.photoTophotoUrl')]],
  ['sampleLink', [field('text', 'miss.param.textOfLink'), field('title', 'miss.param.titleOfLink'), field('messageUrl', 'miss.param.messageUrlOfLink')]],
  ['sampleActionCard', [CARD_TITLE, CARD_TEXT, field('singleTitle', 'miss.param.actionCardTosingleTitle'), field('singleURL', 'miss.param.actionCardTosingleUrl')]],
  ['sampleActionCard2', verticalButtonsCard(2)],
  ['sampleActionCard3', verticalButtonsCard(3)],
  ['sampleActionCard4', verticalButtonsCard(4)],
  ['sampleActionCard5', verticalButtonsCard(5)],
  [
    'sampleActionCard6',
    [CARD_TITLE, CARD_TEXT, field('buttonTitle1', BUTTON_TITLE), field('buttonUrl1', BUTTON_URL), field('buttonTitle2', BUTTON_TITLE), field('buttonUrl2', BUTTON_URL)],
  ],
  ['sampleAudio', [field('mediaId', 'miss.param.audio'), { name: 'duration', code: 'miss.param.audio', numberAllowed: true }]],
  ['sampleFile', [field('mediaId', 'miss.param.file'), field('fileName', 'miss.param.file'), field('fileType', 'miss.param.file')]],
  [
    'sampleVideo',
    [
      { name: 'duration', code: 'miss.param.video', numberAllowed: true },
      field('videoMediaId', 'miss.param.video'),
      field('videoType', 'miss.param.video'),
      field('picMediaId', 'miss.param.video'),
    ],
  ],
]);

/** msgParam may hold at most this many bytes (UTF-8). */
export const MSG_PARAM_MAX_BYTES = 15_000;

/**
 * Checks a message against its template (batchSend and its templates) and throws the code of
 * the first problem: msgKey empty or unknown, msgParam not a JSON object or too
 * long, or the first required field that is missing, empty or not a string.
 */
export function validateMessage(msgKey: string | undefined, msgParam: unknown): void {
  if (msgKey === undefined || msgKey === '') throw badRequest('invalidParameter.msgKey.empty', 'msgKey为空');
  const fields = TEMPLATES.get(msgKey);
  if (!fields) throw badRequest('invalidParameter.msgKey.invalid', `msgKey无效: ${msgKey}`);
  if (typeof msgParam !== 'string') throw badRequest('invalidParameter.msgParam.invalid', 'msgParam格式非法,必须是json格式的字符串');
  if (Buffer.byteLength(msgParam, 'utf8') > MSG_PARAM_MAX_BYTES) {
    throw badRequest('invalidParameter.msgParam.tooLong', `消息内容太长: msgParam超过${MSG_PARAM_MAX_BYTES}字节`);
  }
  let param: unknown;
  try {
    param = JSON.parse(msgParam);
  } catch {
    throw badRequest('invalidParameter.msgParam.invalid', 'msgParam格式非法,必须是json格式');
  }
  if (typeof param !== 'object' || param === null || Array.isArray(param)) {
    throw badRequest('invalidParameter.msgParam.invalid', 'msgParam格式非法,必须是json对象');
  }
  const values = param as Record<string, unknown>;
  for (const required of fields) {
    const value = Object.hasOwn(values, required.name) ? values[required.name] : undefined;
    const present =
      (typeof value === 'string' && value.trim() !== '') || (required.numberAllowed === true && typeof value === 'number' && Number.isFinite(value));
    if (!present) throw badRequest(required.code, `消息内容不合法,需要${msgKey}->${required.name}属性`);
  }
}
