import type { TokenGrant } from '../store/accessTokenStore.js';
import type { GroupRecord } from '../store/groupStore.js';
import { ConversationMessages, type ConversationSendRequest } from './conversationMessages.js';
import { badRequest } from './errors.js';
import type { ReaderCursor } from './readerCursor.js';
import type { RobotMessages } from './robotMessages.js';

/** The code Dingo answers when the robot exists but is not installed in the group (docs/behaviour.md, Group chats). */
export const ROBOT_NOT_IN_GROUP = 'invalidParameter.robotCode.notInGroup';

/**
 * Robot messages in group chats (docs/behaviour.md, Group chats): groupMessages/send,
 * /query and /recall. A message is delivered to every member of the group at
 * the time of the send; these messages are not flow-controlled.
 */
export class GroupMessaging extends ConversationMessages<GroupRecord> {
  constructor(messages: RobotMessages, cursor: ReaderCursor) {
    super(messages, cursor, { chatKind: 'group', find: (store, corpId, openConversationId) => store.groups.findGroup(corpId, openConversationId) });
  }

  /** The robot must be installed in the group. `coolAppCode` is accepted and not checked: robots are installed in groups directly. */
  send(grant: TokenGrant, request: ConversationSendRequest): Promise<{ processQueryKey: string }> {
    return this.sendChecked(grant, request, ({ chat, robotCode }) => {
      if (!chat.robots.includes(robotCode)) {
        throw badRequest(ROBOT_NOT_IN_GROUP, `机器人${robotCode}不在群${chat.openConversationId}内，请先将机器人添加到群中`);
      }
    });
  }
}
