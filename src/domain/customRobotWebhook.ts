import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CustomRobotRecord } from '../store/customRobotStore.js';
import { atOfBody, withMentions } from './customRobotMentions.js';
import { isAddressAllowed } from './customRobotSettings.js';
import { LegacyApiError } from './errors.js';
import type { FailedAttempts } from './failedAttempts.js';
import type { RobotMessages } from './robotMessages.js';
import { chatMessageOfBody } from './sessionWebhookBodies.js';

/** A signed call's timestamp may be this far from Dingo's clock, either way. */
export const SIGNED_TIMESTAMP_WINDOW_MS = 3600_000;
/** At most this many messages a minute through one custom robot. */
export const CUSTOM_ROBOT_PER_MINUTE = 20;

/** One call of `/robot/send`: the query's token, timestamp and sign, the caller's address, the parsed body. */
export interface CustomRobotCall {
  accessToken: string;
  timestamp?: string;
  sign?: string;
  callerIp: string;
  body: unknown;
}

const securityFailure = (reason: string) => new LegacyApiError(310000, reason);

/**
 * The group webhook of custom robots (docs/behaviour.md, Custom robots): checks a call in
 * DingTalk's order (token, sign, keywords, IP allow-list, then the body and the rate) and
 * posts the message into the robot's group, for every member, from the robot.
 */
export class CustomRobotWebhook {
  constructor(
    private readonly messages: RobotMessages,
    private readonly failedAttempts: FailedAttempts,
  ) {}

  /** Throws a LegacyApiError with DingTalk's errcode; returns once the message is committed. */
  async send(call: CustomRobotCall): Promise<void> {
    const { store, clock } = this.messages;
    const robot = call.accessToken === '' ? undefined : await store.customRobots.findByToken(call.accessToken);
    if (!robot) throw new LegacyApiError(300001, 'token is not exist');
    if (robot.secret !== null || robot.keywords.length > 0) {
      // A wrong sign or keyword is a guess at the robot's security settings (docs/behaviour.md, Guessing).
      const problem = await this.failedAttempts.check('customRobot', `${robot.corpId}/${robot.robotCode}`, async () => securityProblemOf(robot, call, clock.now()), (found) => found !== undefined);
      if (problem !== undefined) throw securityFailure(problem);
    }
    if (robot.ipRanges.length > 0 && !isAddressAllowed(call.callerIp, robot.ipRanges)) throw securityFailure(`ip ${call.callerIp} not in whitelist`);
    const content = chatMessageOfBody(call.body);
    if (!content) throw new LegacyApiError(40035, 'invalid message body: msgtype and its fields');
    const at = atOfBody(call.body);
    const mentioned = await store.customRobots.findMentionedMembers(robot.corpId, robot.openConversationId, at.atUserIds, at.atMobiles);
    await this.post(robot, withMentions(content, mentioned, at.isAtAll));
  }

  private async post(robot: CustomRobotRecord & { corpId: string }, content: { msgKey: string; msgParam: string }): Promise<void> {
    const { corpId, robotCode, openConversationId } = robot;
    await this.messages.send({ corpId, robotCode, chatKind: 'group', openConversationId, ...content }, async (store, now) => {
      const group = await store.groups.findGroup(corpId, openConversationId);
      if (!group) throw new LegacyApiError(300001, 'token is not exist');
      await store.messages.lockRecipients(corpId, robotCode, group.members);
      const recent = await store.messages.countRecentGroupMessages(corpId, robotCode, openConversationId, now - 60_000);
      if (recent >= CUSTOM_ROBOT_PER_MINUTE) throw new LegacyApiError(130101, `send too fast, exceed ${CUSTOM_ROBOT_PER_MINUTE} times per minute`);
      return { recipients: group.members };
    });
  }
}

/** What fails of the robot's sign and keyword checks (DingTalk's errmsg), or undefined when both pass. */
function securityProblemOf(robot: CustomRobotRecord, call: CustomRobotCall, now: number): string | undefined {
  const signProblem = robot.secret === null ? undefined : signProblemOf(robot.secret, call, now);
  if (signProblem !== undefined) return signProblem;
  return robot.keywords.length > 0 && !containsKeyword(call.body, robot.keywords) ? 'keywords not in content' : undefined;
}

/** `sign` = base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), the timestamp within an hour of now. */
function signProblemOf(secret: string, call: CustomRobotCall, now: number): string | undefined {
  const timestamp = call.timestamp ?? '';
  if (!/^\d{1,16}$/.test(timestamp)) return 'invalid timestamp: timestamp (milliseconds) and sign are required for a robot with a secret';
  if (Math.abs(now - Number(timestamp)) > SIGNED_TIMESTAMP_WINDOW_MS) return 'invalid timestamp: more than one hour from the server time';
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'));
  const given = Buffer.from(call.sign ?? '');
  return given.length !== expected.length || !timingSafeEqual(given, expected) ? 'sign not match' : undefined;
}

/** Whether one of the keywords is in the message: in any text of its msgtype's part. */
function containsKeyword(body: unknown, keywords: readonly string[]): boolean {
  const part = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[String((body as Record<string, unknown>).msgtype)] : undefined;
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null) Object.values(value).forEach(collect);
  };
  collect(part);
  return keywords.some((keyword) => texts.some((text) => text.includes(keyword)));
}
