/**
 * The template table written out again for the tests, independently of src/domain/templates.ts:
 * msgKey → required fields in the order the table lists them, each with the code
 * answered when it is missing, empty, or not a string (`duration` may be a number).
 *
 * The table says "actionTitleN, actionURLN for N = 1…count"; read here button by
 * button: actionTitle1, actionURL1, actionTitle2, actionURL2, …
 */
export interface TableField {
  name: string;
  code: string;
  numberAllowed: boolean;
}

const f = (name: string, code: string, numberAllowed = false): TableField => ({ name, code, numberAllowed });

const cardHead = [f('title', 'miss.param.actionCardTotitle'), f('text', 'miss.param.actionCardTotext')];

function verticalButtons(count: number): TableField[] {
  const buttons: TableField[] = [];
  for (let n = 1; n <= count; n++) {
    buttons.push(f(`actionTitle${n}`, 'miss.param.actionCardTobtnsTotitle'), f(`actionURL${n}`, 'miss.param.actionCardTobtnsToactionUrl'));
  }
  return [...cardHead, ...buttons];
}

export const TEMPLATE_TABLE: Record<string, TableField[]> = {
  sampleText: [f('content', 'miss.param.contentOfText')],
  sampleMarkdown: [f('title', 'miss.param.markdownTotitle'), f('text', 'miss.param.markdownTotext')],
  sampleImageMsg: [f('photoURL', 'miss.param.photoTophotoUrl')],
  sampleLink: [f('text', 'miss.param.textOfLink'), f('title', 'miss.param.titleOfLink'), f('messageUrl', 'miss.param.messageUrlOfLink')],
  sampleActionCard: [
    ...cardHead,
    f('singleTitle', 'miss.param.actionCardTosingleTitle'),
    f('singleURL', 'miss.param.actionCardTosingleUrl'),
  ],
  sampleActionCard2: verticalButtons(2),
  sampleActionCard3: verticalButtons(3),
  sampleActionCard4: verticalButtons(4),
  sampleActionCard5: verticalButtons(5),
  sampleActionCard6: [
    ...cardHead,
    f('buttonTitle1', 'miss.param.actionCardTobtnsTotitle'),
    f('buttonUrl1', 'miss.param.actionCardTobtnsToactionUrl'),
    f('buttonTitle2', 'miss.param.actionCardTobtnsTotitle'),
    f('buttonUrl2', 'miss.param.actionCardTobtnsToactionUrl'),
  ],
  sampleAudio: [f('mediaId', 'miss.param.audio'), f('duration', 'miss.param.audio', true)],
  sampleFile: [f('mediaId', 'miss.param.file'), f('fileName', 'miss.param.file'), f('fileType', 'miss.param.file')],
  sampleVideo: [
    f('duration', 'miss.param.video', true),
    f('videoMediaId', 'miss.param.video'),
    f('videoType', 'miss.param.video'),
    f('picMediaId', 'miss.param.video'),
  ],
};

export const MSG_KEYS = Object.keys(TEMPLATE_TABLE);

/** A msgParam object with every required field of `msgKey` filled in. */
export function completeParam(msgKey: string): Record<string, unknown> {
  const fields = TEMPLATE_TABLE[msgKey];
  if (!fields) throw new Error(`no template ${msgKey}`);
  return Object.fromEntries(fields.map((field) => [field.name, field.numberAllowed ? 42 : `${field.name} value`]));
}

/** Whether a field value counts as present: a non-blank string, or a finite number where numbers are allowed. */
export function isPresent(field: TableField, value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  return field.numberAllowed && typeof value === 'number' && Number.isFinite(value);
}

/**
 * The oracle of §5: null when `param` (an object) satisfies the template,
 * otherwise the code of its first missing field in the table's order.
 */
export function expectedTemplateCode(msgKey: string, param: Record<string, unknown>): string | null {
  const fields = TEMPLATE_TABLE[msgKey];
  if (!fields) throw new Error(`no template ${msgKey}`);
  for (const field of fields) {
    const value = Object.prototype.hasOwnProperty.call(param, field.name) ? param[field.name] : undefined;
    if (!isPresent(field, value)) return field.code;
  }
  return null;
}
