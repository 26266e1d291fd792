import type { TokenGrant } from '../store/accessTokenStore.js';
import type { GroupRecord } from '../store/groupStore.js';
import {
  ConversationMessages,
  type ConversationQueryRequest,
  type ConversationQueryResult,
  type ConversationRecallRequest,
  type ConversationSendRequest,
} from './conversationMessages.js';
import { badRequest } from './errors.js';
import type { ReaderCursor } from './readerCursor.js';
import type { RecallResult, RobotMessages } from './robotMessages.js';

/** The code Dingo answers when the robot exists but is not installed in the group (docs/behaviour.md, Group chats). */
export const ROBOT_NOT_IN_GROUP = 'invalidParameter.robotCode.notInGroup';

/**
 * Robot messages in group chats (docs/behaviour.md, Group chats): groupMessages/send,
 * /query and /recall. A message is delivered to every member of the group at
 * the time of the send; these messages are not flow-controlled.
 */
export class GroupMessaging {
  private readonly conversations: ConversationMessages<GroupRecord>;

  constructor(messages: RobotMessages, cursor: ReaderCursor) {
    this.conversations = new ConversationMessages(messages, cursor, {
      chatKind: 'group',
      find: (store, corpId, openConversationId) => store.groups.findGroup(corpId, openConversationId),
    });
  }

  /** `coolAppCode` is accepted and not checked: robots are installed in groups directly. */
  async send(grant: TokenGrant, request: ConversationSendRequest): Promise<{ processQueryKey: string }> {
    const checked = await this.conversations.checkSend(grant, request);
    if (!checked.chat.robots.includes(checked.robotCode)) {
      throw badRequest(ROBOT_NOT_IN_GROUP, `机器人${checked.robotCode}不在群${checked.chat.openConversationId}内，请先将机器人添加到群中`);
    }
    return this.conversations.deliver(grant, checked);
  }

  query(grant: TokenGrant, request: ConversationQueryRequest): Promise<ConversationQueryResult> {
    return this.conversations.query(grant, request);
  }

  recall(grant: TokenGrant, request: ConversationRecallRequest): Promise<RecallResult> {
    return this.conversations.recall(grant, request);
  }
}
