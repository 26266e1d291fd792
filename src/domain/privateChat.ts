import type { TokenGrant } from '../store/accessTokenStore.js';
import type { PrivateChatRecord } from '../store/directoryStore.js';
import type { MessageRecord } from '../store/messageStore.js';
import { badRequest, INVALID_PARAMETER } from './errors.js';
import type { ReaderCursor } from './readerCursor.js';
import { MAX_RECALL_KEYS, type RecallResult, type RobotMessages } from './robotMessages.js';
import { validateMessage } from './templates.js';

/** Readers per page of privateChatMessages/query: default and maximum. */
export const MAX_READERS_PER_PAGE = 200;

export interface PrivateChatSendRequest {
  openConversationId?: string;
  robotCode?: string;
  coolAppCode?: string;
  msgKey?: string;
  msgParam?: unknown;
}

export interface PrivateChatQueryRequest {
  openConversationId?: string;
  robotCode?: string;
  processQueryKey?: string;
  maxResults?: number;
  nextToken?: string;
}

export interface PrivateChatQueryResult {
  sendStatus: 'SUCCESS' | 'RECALLED';
  readUserIds: string[];
  nextToken?: string;
  hasMore: boolean;
}

const unknownChat = () => badRequest('invalid.openConversationId', '无效的openConversationId');
const unknownRobot = () => badRequest('invalidParameter.robotCode.notExsit', '机器人不存在，请检查机器人是否在会话内');

/**
 * Robot messages in person-to-person chats (docs/behaviour.md, Person-to-person chats): the send endpoint and
 * seed pages 002 (query) and 001 (batchRecall). A message sent into a chat is
 * delivered to both members; these messages are not flow-controlled.
 */
export class PrivateChatMessaging {
  constructor(
    private readonly messages: RobotMessages,
    private readonly cursor: ReaderCursor,
  ) {}

  async send(grant: TokenGrant, request: PrivateChatSendRequest): Promise<{ processQueryKey: string }> {
    const { openConversationId, robotCode, coolAppCode, msgKey, msgParam } = request;
    if (!openConversationId) throw badRequest('miss.openConversationId', '缺少openConversationId');
    if (!robotCode) throw badRequest('miss.chatbotId', '缺少robotCode');
    if (!coolAppCode) throw badRequest(INVALID_PARAMETER, '缺少coolAppCode');
    validateMessage(msgKey, msgParam);
    const chat = await this.findChat(grant, openConversationId);
    const robot = await this.messages.findRobotOf(grant, robotCode);
    if (!robot) throw unknownRobot();
    if (robot.status === 'stopped') throw badRequest('template.stopped', '机器人模板已经停用，请检查机器人状态');
    const installed = chat.coolApps.some((c) => c.coolAppCode === coolAppCode && c.robotCode === robotCode);
    if (!installed) {
      throw badRequest('invalidParameter.robotCode', `机器人未通过酷应用${coolAppCode}安装在会话${openConversationId}中`);
    }
    const { processQueryKey } = await this.messages.send(
      { corpId: grant.corpId, robotCode, openConversationId, msgKey: msgKey as string, msgParam: msgParam as string },
      async () => ({ recipients: chat.members }),
    );
    return { processQueryKey };
  }

  async query(grant: TokenGrant, request: PrivateChatQueryRequest): Promise<PrivateChatQueryResult> {
    const { openConversationId, robotCode, processQueryKey, nextToken } = request;
    if (!processQueryKey) throw badRequest('invalidParameter.processQueryKey.missing', '缺少processQueryKey');
    const pageSize = request.maxResults ?? MAX_READERS_PER_PAGE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_READERS_PER_PAGE) {
      throw badRequest('invalidParameter.pageSize.invalid', `maxResults须在1到${MAX_READERS_PER_PAGE}之间`);
    }
    const after = nextToken ? this.cursor.open(grant.corpId, processQueryKey, nextToken) : undefined;
    if (nextToken && !after) throw badRequest('invalidParameter.cursor.invalid', '无效的nextToken');
    if (openConversationId !== undefined) await this.findChat(grant, openConversationId);
    if (robotCode !== undefined && !(await this.messages.findRobotOf(grant, robotCode))) throw unknownRobot();

    const message = await this.messages.findQueryable(
      grant,
      processQueryKey,
      (m) => isInChat(m, openConversationId) && (robotCode === undefined || m.robotCode === robotCode),
    );
    const readers = await this.messages.store.messages.listReaders(grant.corpId, message.processQueryKey, after, pageSize + 1);
    const page = readers.slice(0, pageSize);
    const hasMore = readers.length > pageSize;
    const last = page.at(-1);
    return {
      sendStatus: message.recalledAt === null ? 'SUCCESS' : 'RECALLED',
      readUserIds: page.map((r) => r.userId),
      ...(hasMore && last ? { nextToken: this.cursor.seal(grant.corpId, message.processQueryKey, last) } : {}),
      hasMore,
    };
  }

  async batchRecall(grant: TokenGrant, request: { openConversationId?: string; robotCode?: string; processQueryKeys?: string[] }): Promise<RecallResult> {
    const { openConversationId, robotCode } = request;
    const keys = [...new Set(request.processQueryKeys ?? [])];
    if (!openConversationId) throw badRequest('miss.openConversationId', '缺少openConversationId');
    if (!robotCode) throw badRequest('miss.chatbotId', '缺少robotCode');
    if (keys.length === 0) throw badRequest('invalidParameter.processQueryKey.missing', '缺少processQueryKey');
    if (keys.length > MAX_RECALL_KEYS) {
      throw badRequest('invalidParameter.processQueryKeys.overMax', `processQueryKeys超过数量上限${MAX_RECALL_KEYS}`);
    }
    await this.findChat(grant, openConversationId);
    if (!(await this.messages.findRobotOf(grant, robotCode))) throw unknownRobot();
    return this.messages.recall(grant.corpId, robotCode, keys, (m) => isInChat(m, openConversationId));
  }

  /** The chat in the token's corp; a chat of another corp is answered as unknown (tenancy wins). */
  private async findChat(grant: TokenGrant, openConversationId: string): Promise<PrivateChatRecord> {
    const chat = await this.messages.store.directory.findPrivateChat(grant.corpId, openConversationId);
    if (!chat) throw unknownChat();
    return chat;
  }
}

/** A person-to-person message, in `openConversationId` when one is named. */
function isInChat(message: MessageRecord, openConversationId: string | undefined): boolean {
  return message.openConversationId !== null && (openConversationId === undefined || message.openConversationId === openConversationId);
}
