import type { MessageRecord } from '../../store/messageStore.js';

const text = { type: 'string' } as const;

/** What every wire form of a robot message names: the message, its robot, and its template. */
export const robotMessageProperties = { processQueryKey: text, robotCode: text, msgKey: text, msgParam: text } as const;

export function toRobotMessageFields({ processQueryKey, robotCode, msgKey, msgParam }: Pick<MessageRecord, 'processQueryKey' | 'robotCode' | 'msgKey' | 'msgParam'>) {
  return { processQueryKey, robotCode, msgKey, msgParam };
}
