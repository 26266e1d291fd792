import type { TokenGrant } from '../store/accessTokenStore.js';
import type { PrivateChatRecord } from '../store/directoryStore.js';
import {
  ConversationMessages,
  type ConversationQueryRequest,
  type ConversationQueryResult,
  type ConversationRecallRequest,
  type ConversationSendRequest,
} from './conversationMessages.js';
import { badRequest, INVALID_PARAMETER } from './errors.js';
import type { ReaderCursor } from './readerCursor.js';
import type { RecallResult, RobotMessages } from './robotMessages.js';

/**
 * Robot messages in person-to-person chats (docs/behaviour.md, Person-to-person chats): the send endpoint and
 * seed pages 002 (query) and 001 (batchRecall). A message sent into a chat is
 * delivered to both members; these messages are not flow-controlled.
 */
export class PrivateChatMessaging {
  private readonly conversations: ConversationMessages<PrivateChatRecord>;

  constructor(messages: RobotMessages, cursor: ReaderCursor) {
    this.conversations = new ConversationMessages(messages, cursor, {
      chatKind: 'p2p',
      find: (store, corpId, openConversationId) => store.directory.findPrivateChat(corpId, openConversationId),
    });
  }

  async send(grant: TokenGrant, request: ConversationSendRequest): Promise<{ processQueryKey: string }> {
    const { coolAppCode } = request;
    const checked = await this.conversations.checkSend(grant, request, () => {
      if (!coolAppCode) throw badRequest(INVALID_PARAMETER, '缺少coolAppCode');
    });
    const { chat, robotCode } = checked;
    const installed = chat.coolApps.some((c) => c.coolAppCode === coolAppCode && c.robotCode === robotCode);
    if (!installed) {
      throw badRequest('invalidParameter.robotCode', `机器人未通过酷应用${coolAppCode}安装在会话${chat.openConversationId}中`);
    }
    return this.conversations.deliver(grant, checked);
  }

  query(grant: TokenGrant, request: ConversationQueryRequest): Promise<ConversationQueryResult> {
    return this.conversations.query(grant, request);
  }

  batchRecall(grant: TokenGrant, request: ConversationRecallRequest): Promise<RecallResult> {
    return this.conversations.recall(grant, request);
  }
}
