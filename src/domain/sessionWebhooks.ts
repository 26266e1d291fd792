import type { Clock } from '../clock.js';
import type { ConversationStore } from '../store/conversationStore.js';
import { newCorpScopedSecret, parseCorpScopedSecret } from './corpScopedSecret.js';
import { LegacyApiError } from './errors.js';
import type { RobotMessages } from './robotMessages.js';
import type { RobotChat } from './botMessage.js';
import { type ChatMessageContent, chatMessageOfBody } from './sessionWebhookBodies.js';

/** A sessionWebhook works for 90 minutes after the message it came with. */
export const SESSION_WEBHOOK_LIFETIME_MS = 90 * 60_000;
/** A sessionWebhook refusal: the legacy robot API answers HTTP 200 with `{errcode, errmsg}`. */
export class SessionWebhookRefusal extends LegacyApiError {
  override name = 'SessionWebhookRefusal';
}

/**
 * The bot's reply path: each message a robot receives carries a sessionWebhook
 * into its chat; posting a legacy body to it puts the robot's answer there.
 */
export class SessionWebhooks {
  /** Replies per chat per rolling minute; Infinity: no limit. */
  private readonly perMinute: number;

  constructor(
    private readonly messages: RobotMessages,
    private readonly clock: Clock,
    /** The URL of a session, from the public base URL. */
    private readonly urlOf: (session: string) => string,
    /** Replies per chat per rolling minute (`--session-webhook-limit`, DingTalk's 20 by default); 0: no limit. */
    perMinute: number,
  ) {
    this.perMinute = perMinute === 0 ? Infinity : perMinute;
  }

  /**
   * Opens a session of `robotCode` into the chat `userId` wrote in: their one-to-one chat, or the
   * group `openConversationId` (inside the caller's transaction).
   */
  async open(
    store: ConversationStore,
    chat: { corpId: string; robotCode: string; userId: string; openConversationId: string | null; createdAt: number },
  ): Promise<{ url: string; expiresAt: number }> {
    const secret = newCorpScopedSecret(chat.corpId);
    const expiresAt = chat.createdAt + SESSION_WEBHOOK_LIFETIME_MS;
    const { corpId, robotCode, userId, openConversationId } = chat;
    await store.createSessionWebhook({ corpId, sessionHash: secret.hash, robotCode, userId, openConversationId, expiresAt });
    return { url: this.urlOf(secret.value), expiresAt };
  }

  /**
   * Posts `body` as the robot's message into the session's chat: the one-to-one chat, or the
   * group, for every member it has now (a group that is gone: 300001). Throws a SessionWebhookRefusal.
   */
  async reply(session: string, body: unknown): Promise<{ processQueryKey: string }> {
    const parsed = parseCorpScopedSecret(session);
    const found = parsed && (await this.messages.store.conversations.findSessionWebhook(parsed.corpId, parsed.hash));
    if (!found || this.clock.now() >= found.expiresAt) throw expiredOrInvalid();
    const content = chatMessageOfBody(body);
    if (!content) throw new SessionWebhookRefusal(40035, 'invalid message body: msgtype and its fields');
    return this.post(found, content, this.perMinute);
  }

  /** Posts a robot's answer to an HTTP callback into the chat the message came from (no per-minute limit: it answers one message). */
  answer(chat: RobotChat, content: ChatMessageContent): Promise<{ processQueryKey: string }> {
    return this.post(chat, content, Infinity);
  }

  /** Into the one-to-one chat, or the group for every member it has now (a group that is gone: 300001); at most `perMinute` a minute. */
  private post({ corpId, robotCode, userId, openConversationId }: RobotChat, content: ChatMessageContent, perMinute: number): Promise<{ processQueryKey: string }> {
    if (openConversationId !== null) return this.postInGroup(corpId, robotCode, openConversationId, content, perMinute);
    return this.messages.send({ corpId, robotCode, chatKind: 'oto', openConversationId: null, ...content }, async (store, now) => {
      await store.messages.lockRecipients(corpId, robotCode, [userId]);
      const recent = perMinute === Infinity ? 0 : ((await store.messages.countRecentDeliveries(corpId, robotCode, [userId], now - 60_000, perMinute)).get(userId) ?? 0);
      if (recent >= perMinute) throw tooFast();
      return { recipients: [userId] };
    });
  }

  private postInGroup(corpId: string, robotCode: string, openConversationId: string, content: ChatMessageContent, perMinute: number): Promise<{ processQueryKey: string }> {
    return this.messages.send({ corpId, robotCode, chatKind: 'group', openConversationId, ...content }, async (store, now) => {
      const group = await store.groups.findGroup(corpId, openConversationId);
      if (!group) throw expiredOrInvalid();
      await store.messages.lockRecipients(corpId, robotCode, group.members);
      const recent = perMinute === Infinity ? 0 : await store.messages.countRecentGroupMessages(corpId, robotCode, openConversationId, now - 60_000);
      if (recent >= perMinute) throw tooFast();
      return { recipients: group.members };
    });
  }
}

const expiredOrInvalid = () => new SessionWebhookRefusal(300001, 'session webhook expired or invalid');
const tooFast = () => new SessionWebhookRefusal(130101, 'send too fast');
