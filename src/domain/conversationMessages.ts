import type { TokenGrant } from '../store/accessTokenStore.js';
import type { MessageRecord } from '../store/messageStore.js';
import type { Store } from '../store/store.js';
import { isCustomRobotCode } from './customRobotSettings.js';
import { badRequest } from './errors.js';
import type { ReaderCursor } from './readerCursor.js';
import { MAX_RECALL_KEYS, type RecallResult, type RobotMessages } from './robotMessages.js';
import { validateMessage } from './templates.js';

/** Readers per page of privateChatMessages/query and groupMessages/query: default and maximum. */
export const MAX_READERS_PER_PAGE = 200;

/** A chat with an `openConversationId` whose members all receive a robot message sent into it. */
export interface Conversation {
  openConversationId: string;
  members: string[];
}

/** The kinds of chat with an `openConversationId`, each with where its chats are found. */
export interface ConversationKind<Chat extends Conversation> {
  chatKind: 'p2p' | 'group';
  /** The chat `openConversationId` of the corp, if there is one. */
  find(store: Store, corpId: string, openConversationId: string): Promise<Chat | undefined>;
}

export interface ConversationSendRequest {
  openConversationId?: string;
  robotCode?: string;
  coolAppCode?: string;
  msgKey?: string;
  msgParam?: unknown;
}

export interface ConversationQueryRequest {
  openConversationId?: string;
  robotCode?: string;
  processQueryKey?: string;
  maxResults?: number;
  nextToken?: string;
}

export interface ConversationQueryResult {
  sendStatus: 'SUCCESS' | 'RECALLED';
  readUserIds: string[];
  nextToken?: string;
  hasMore: boolean;
}

export interface ConversationRecallRequest {
  openConversationId?: string;
  robotCode?: string;
  processQueryKeys?: string[];
}

/** A send whose fields, chat and robot passed the checks: what is left is the kind's own rule of installation. */
export interface CheckedSend<Chat> {
  chat: Chat;
  robotCode: string;
  msgKey: string;
  msgParam: string;
}

const unknownChat = () => badRequest('invalid.openConversationId', '无效的openConversationId');
const unknownRobot = () => badRequest('invalidParameter.robotCode.notExsit', '机器人不存在，请检查机器人是否在会话内');

/**
 * Robot messages in chats with an `openConversationId` (person-to-person chats and groups,
 * docs/behaviour.md): the checks of a send, delivery to every member, the paged
 * query of readers with its sealed cursor, and recall. One kind per instance: a key
 * of another kind of chat is unknown here. These messages are not flow-controlled.
 * Each kind extends it with its send, giving its rule of installation.
 */
export class ConversationMessages<Chat extends Conversation> {
  constructor(
    private readonly messages: RobotMessages,
    private readonly cursor: ReaderCursor,
    private readonly kind: ConversationKind<Chat>,
  ) {}

  /** Checks a send (`checkSend`), applies the kind's own rule of installation, and delivers it. */
  protected async sendChecked(
    grant: TokenGrant,
    request: ConversationSendRequest,
    checkInstalled: (send: CheckedSend<Chat>) => void,
    checkOwnFields?: () => void,
  ): Promise<{ processQueryKey: string }> {
    const checked = await this.checkSend(grant, request, checkOwnFields);
    checkInstalled(checked);
    return this.deliver(grant, checked);
  }

  /**
   * Checks a send in DingTalk's order: the chat and robot fields, the kind's own
   * fields (`checkOwnFields`), the template, then the chat, the robot and its status.
   */
  private async checkSend(grant: TokenGrant, request: ConversationSendRequest, checkOwnFields: () => void = () => {}): Promise<CheckedSend<Chat>> {
    const { openConversationId, robotCode, msgKey, msgParam } = request;
    if (!openConversationId) throw badRequest('miss.openConversationId', '缺少openConversationId');
    if (!robotCode) throw badRequest('miss.chatbotId', '缺少robotCode');
    checkOwnFields();
    validateMessage(msgKey, msgParam);
    const chat = await this.findChat(grant, openConversationId);
    const robot = await this.messages.findRobotOf(grant, robotCode);
    if (!robot) throw unknownRobot();
    if (robot.status === 'stopped') throw badRequest('template.stopped', '机器人模板已经停用，请检查机器人状态');
    return { chat, robotCode, msgKey: msgKey as string, msgParam: msgParam as string };
  }

  /** Delivers a checked send to every member of the chat. */
  private async deliver(grant: TokenGrant, { chat, robotCode, msgKey, msgParam }: CheckedSend<Chat>): Promise<{ processQueryKey: string }> {
    const { processQueryKey } = await this.messages.sendTo(
      { corpId: grant.corpId, robotCode, chatKind: this.kind.chatKind, openConversationId: chat.openConversationId, msgKey, msgParam },
      { recipients: chat.members },
    );
    return { processQueryKey };
  }

  async query(grant: TokenGrant, request: ConversationQueryRequest): Promise<ConversationQueryResult> {
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
      (m) => this.isInChat(m, openConversationId) && (robotCode === undefined || m.robotCode === robotCode),
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

  async recall(grant: TokenGrant, request: ConversationRecallRequest): Promise<RecallResult> {
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
    return this.messages.recall(grant.corpId, robotCode, keys, (m) => this.isInChat(m, openConversationId));
  }

  /** The chat in the token's corp; a chat of another corp, or of another kind, is answered as unknown (tenancy wins). */
  private async findChat(grant: TokenGrant, openConversationId: string): Promise<Chat> {
    const chat = await this.kind.find(this.messages.store, grant.corpId, openConversationId);
    if (!chat) throw unknownChat();
    return chat;
  }

  /**
   * A message of this kind of chat, in `openConversationId` when one is named; never a custom robot's
   * (docs/behaviour.md, Custom robots): those are not the robot API's to query or recall.
   */
  private isInChat(message: MessageRecord, openConversationId: string | undefined): boolean {
    if (isCustomRobotCode(message.robotCode)) return false;
    return message.chatKind === this.kind.chatKind && (openConversationId === undefined || message.openConversationId === openConversationId);
  }
}
