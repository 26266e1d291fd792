import type { TokenGrant } from '../store/accessTokenStore.js';
import type { PrivateChatRecord } from '../store/directoryStore.js';
import { ConversationMessages, type ConversationSendRequest } from './conversationMessages.js';
import { badRequest, INVALID_PARAMETER } from './errors.js';
import type { ReaderCursor } from './readerCursor.js';
import type { RobotMessages } from './robotMessages.js';

/**
 * Robot messages in person-to-person chats (docs/behaviour.md, Person-to-person chats): the send endpoint and
 * seed pages 002 (query) and 001 (batchRecall). A message sent into a chat is
 * delivered to both members; these messages are not flow-controlled.
 */
export class PrivateChatMessaging extends ConversationMessages<PrivateChatRecord> {
  constructor(messages: RobotMessages, cursor: ReaderCursor) {
    super(messages, cursor, { chatKind: 'p2p', find: (store, corpId, openConversationId) => store.directory.findPrivateChat(corpId, openConversationId) });
  }

  /** The robot must be installed in the chat through the cool app `coolAppCode`. */
  send(grant: TokenGrant, request: ConversationSendRequest): Promise<{ processQueryKey: string }> {
    const { coolAppCode } = request;
    return this.sendChecked(
      grant,
      request,
      ({ chat, robotCode }) => {
        if (!chat.coolApps.some((c) => c.coolAppCode === coolAppCode && c.robotCode === robotCode)) {
          throw badRequest('invalidParameter.robotCode', `机器人未通过酷应用${coolAppCode}安装在会话${chat.openConversationId}中`);
        }
      },
      () => {
        if (!coolAppCode) throw badRequest(INVALID_PARAMETER, '缺少coolAppCode');
      },
    );
  }
}
