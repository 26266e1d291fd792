import type { TokenGrant } from '../store/accessTokenStore.js';
import type { MessageHeader } from '../store/messageStore.js';
import { badRequest } from './errors.js';
import type { FlowControl } from './flowControl.js';
import type { DomainMetrics } from './metrics.js';
import { MAX_RECALL_KEYS, type MessageDraft, type RecallResult, type RobotMessages } from './robotMessages.js';
import { validateMessage } from './templates.js';

/** At most 20 recipients per send (batchSend's page: its error text says 100, its parameter table 20). */
export const MAX_RECIPIENTS = 20;

export interface BatchSendRequest {
  robotCode?: string;
  userIds?: string[];
  msgKey?: string;
  msgParam?: unknown;
}

export interface BatchSendResult {
  processQueryKey: string;
  invalidStaffIdList: string[];
  flowControlledStaffIdList: string[];
}

export interface ReadStatusResult {
  sendStatus: 'SUCCESS' | 'RECALLED';
  messageReadInfoList: Array<{ name: string; userId: string; readStatus: 'READ' | 'UNREAD'; readTimestamp?: number }>;
}

const isOneToOne = (message: MessageHeader) => message.chatKind === 'oto';

/** One-to-one robot messages: seed pages 004 (batchSend), 003 (readStatus) and 000 (batchRecall). */
export class OneToOneMessaging {
  constructor(
    private readonly messages: RobotMessages,
    private readonly flowControl: FlowControl,
    private readonly metrics: DomainMetrics,
  ) {}

  async batchSend(grant: TokenGrant, request: BatchSendRequest): Promise<BatchSendResult> {
    const { robotCode, msgKey, msgParam } = request;
    if (!robotCode) throw badRequest('invalidParameter.robotCode.empty', '机器人robotCode为空');
    const userIds = [...new Set(request.userIds ?? [])];
    if (userIds.length === 0) throw badRequest('invalidParameter.userIds.empty', '用户userId列表为空');
    if (userIds.length > MAX_RECIPIENTS) {
      throw badRequest('invalidParameter.userIds.overMax', `用户userId列表超过最大限制${MAX_RECIPIENTS}`);
    }
    validateMessage(msgKey, msgParam);
    const robot = await this.messages.findRobotOf(grant, robotCode);
    if (!robot) throw badRequest('invalidParameter.robotCode.notExsit', '机器人不存在，请检查企业内是否安装了robotCode对应的机器人');
    if (robot.status === 'stopped') throw badRequest('template.stopped', '机器人模板已经停用，请检查机器人状态');

    // Users are never removed from a corp, so the (cached) names read before the transaction still hold in it.
    const members = await this.messages.directory.findUserNames(grant.corpId, userIds);
    const draft: MessageDraft = { corpId: grant.corpId, robotCode, chatKind: 'oto', openConversationId: null, msgKey: msgKey as string, msgParam: msgParam as string };
    const known = userIds.filter((id) => members.has(id));
    const invalid = userIds.filter((id) => !members.has(id));
    const sent = this.flowControl.isOn
      ? await this.messages.send(draft, async (store, now) => {
          const { allowed, flowControlled } = await this.flowControl.partition(store.messages, grant.corpId, robotCode, known, now);
          return { recipients: allowed, invalid, flowControlled };
        })
      : await this.messages.sendTo(draft, { recipients: known, invalid, flowControlled: [] });
    this.metrics.flowControlled(sent.flowControlled.length);
    return { processQueryKey: sent.processQueryKey, invalidStaffIdList: sent.invalid, flowControlledStaffIdList: sent.flowControlled };
  }

  async readStatus(grant: TokenGrant, request: { robotCode?: string; processQueryKey?: string }): Promise<ReadStatusResult> {
    const { robotCode, processQueryKey } = request;
    if (robotCode === undefined) throw badRequest('invalidParameter.robotCode.missing', '缺少robotCode');
    if (robotCode === '') throw badRequest('invalidParameter.robotCode.empty', '机器人robotCode为空');
    if (!processQueryKey) throw badRequest('invalidParameter.processQueryKey.missing', '缺少processQueryKey');
    if (!(await this.messages.findRobotOf(grant, robotCode))) throw badRequest('invalidParameter.robotCode.notExsit', '机器人不存在');

    const message = await this.messages.findQueryableWithRecipients(grant, processQueryKey, (m) => isOneToOne(m) && m.robotCode === robotCode);
    return {
      sendStatus: message.recalledAt === null ? 'SUCCESS' : 'RECALLED',
      messageReadInfoList: message.recipients.map((r) =>
        r.readAt === null
          ? { name: r.name, userId: r.userId, readStatus: 'UNREAD' }
          : { name: r.name, userId: r.userId, readStatus: 'READ', readTimestamp: r.readAt },
      ),
    };
  }

  async batchRecall(grant: TokenGrant, request: { robotCode?: string; processQueryKeys?: string[] }): Promise<RecallResult> {
    const { robotCode } = request;
    const keys = [...new Set(request.processQueryKeys ?? [])];
    const unknownRobot = () => badRequest('invalidParameter.robotCode', '机器人不存在，请检查企业内是否安装了robotCode对应的机器人');
    if (!robotCode) throw unknownRobot();
    if (keys.length === 0) throw badRequest('invalidParameter.processQueryKey.missing', '缺少processQueryKey');
    if (keys.length > MAX_RECALL_KEYS) {
      throw badRequest('invalidParameter.processQueryKeys.overMax', `processQueryKeys超过数量上限${MAX_RECALL_KEYS}`);
    }
    if (!(await this.messages.findRobotOf(grant, robotCode))) throw unknownRobot();
    return this.messages.recall(grant.corpId, robotCode, keys, isOneToOne);
  }
}
