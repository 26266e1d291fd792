import type { UserMessageRecord } from '../store/conversationStore.js';
import type { ChatActivity, ChatKind, ChatMessageRecord, ChatRef, MessagePlace } from '../store/messageStore.js';
import { isCustomRobotCode } from './customRobotSettings.js';
import { ApiError } from './errors.js';
import type { RobotMessages } from './robotMessages.js';
import type { SessionUser } from './webSessions.js';

export interface ChatSummary {
  chatId: string;
  kind: 'robot' | 'private' | 'group';
  title: string;
  subtitle: string;
  unreadCount: number;
  lastMessage: ChatEntry | null;
  /** Groups: the robots installed, whom the composer's `@` picks from; none in other chats. */
  robots: Array<{ robotCode: string; name: string }>;
}

/** A robot the user may start a one-to-one chat with, and that chat's id. */
export interface WritableRobot {
  robotCode: string;
  name: string;
  chatId: string;
}

/** Who wrote a chat entry: a robot or a group's custom robot (id: its robotCode), or a member (id: their userId). */
export interface ChatSender<Kind extends SenderKind = SenderKind> {
  kind: Kind;
  id: string;
  name: string;
}

export type SenderKind = 'robot' | 'customRobot' | 'user';

/**
 * One message of a chat, with its sender: a robot's (a template: msgKey, msgParam)
 * or what a member wrote (msgtype and content). Both kinds sit in the chat by sendOrder.
 */
export type ChatEntry =
  | ({ kind: 'robot'; sender: ChatSender<'robot' | 'customRobot'> } & ChatMessageRecord)
  | ({ kind: 'user'; sender: ChatSender<'user'>; readAt: number | null } & UserMessageRecord);

/**
 * `oto:<robotCode>` for a one-to-one chat with a robot, `p2p:<openConversationId>` for a
 * person-to-person chat, `group:<openConversationId>` for a group: the prefix is the chat kind.
 */
export function chatIdOf(chat: ChatRef): string {
  return `${chat.kind}:${chat.kind === 'oto' ? chat.robotCode : chat.openConversationId}`;
}

/** The chat a robot message (or an event about one) is in. */
export function chatOfMessage(message: MessagePlace & { robotCode: string }): ChatRef {
  return message.chatKind === 'oto' ? { kind: 'oto', robotCode: message.robotCode } : { kind: message.chatKind, openConversationId: message.openConversationId };
}

export function parseChatId(chatId: string): ChatRef | undefined {
  const [kind, ...rest] = chatId.split(':');
  const id = rest.join(':');
  if (id === '') return undefined;
  if (kind === 'oto') return { kind, robotCode: id };
  if (kind === 'p2p' || kind === 'group') return { kind, openConversationId: id };
  return undefined;
}

/** Where the messages of `chat` are, as events say it. */
function placeOf(chat: ChatRef): MessagePlace {
  return chat.kind === 'oto' ? { chatKind: 'oto', openConversationId: null } : { chatKind: chat.kind, openConversationId: chat.openConversationId };
}

const CHAT_KINDS: Record<ChatKind, ChatSummary['kind']> = { oto: 'robot', p2p: 'private', group: 'group' };

const noSuchChat = () => new ApiError(404, 'chat.notFound', 'There is no such chat for this user.');

/** The chats of one signed-in user, as the web client shows them (docs/behaviour.md, Web client and console). */
export class UserChats {
  constructor(private readonly messages: RobotMessages) {}

  /**
   * Chats holding messages, newest activity first, with unread counts and the newest message;
   * then the user's groups that hold none yet, by title. A robot chat is listed once it holds a message.
   */
  async list(user: SessionUser): Promise<ChatSummary[]> {
    const activity = await this.activity(user);
    return Promise.all(
      activity.map(async ({ chat, unreadCount }) => {
        const [lastMessage] = (await this.entries(user, chat, true)).slice(-1);
        return { ...(await this.describe(user, chat)), unreadCount, lastMessage: lastMessage ?? null };
      }),
    );
  }

  /** The enabled robots of the user's corp (its apps' and its authorised suites'), by name: whom "New chat" offers. */
  async writableRobots(user: SessionUser): Promise<WritableRobot[]> {
    const robots = await this.messages.store.directory.listRobots(user.corpId);
    return robots
      .filter((robot) => robot.status === 'enabled')
      .map(({ robotCode, name }) => ({ robotCode, name, chatId: chatIdOf({ kind: 'oto', robotCode }) }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.robotCode.localeCompare(b.robotCode));
  }

  /** One chat and its messages, robots' and the user's interleaved as they were said, oldest first. */
  async open(user: SessionUser, chatId: string): Promise<{ chat: ChatSummary; messages: ChatEntry[] }> {
    const chat = await this.findChat(user, chatId);
    const messages = await this.entries(user, chat);
    const unreadCount = messages.filter((m) => m.readAt === null).length;
    return { chat: { ...(await this.describe(user, chat)), unreadCount, lastMessage: messages.at(-1) ?? null }, messages };
  }

  /** Chats with robot messages or with what users wrote, newest activity first; then the user's quiet groups, by title. */
  private async activity(user: SessionUser): Promise<ChatActivity[]> {
    const { store } = this.messages;
    const [robotActivity, oneToOneActivity, groupActivity, groups] = await Promise.all([
      store.messages.listChats(user.corpId, user.userId),
      store.conversations.listOneToOneActivity(user.corpId, user.userId),
      store.conversations.listGroupActivity(user.corpId, user.userId),
      store.groups.listGroupsOfMember(user.corpId, user.userId),
    ]);
    const byChat = new Map(robotActivity.map((a) => [chatIdOf(a.chat), a]));
    const userActivity: ChatActivity[] = [
      ...oneToOneActivity.map(({ robotCode, lastOrder }) => ({ chat: { kind: 'oto' as const, robotCode }, unreadCount: 0, lastOrder })),
      ...groupActivity.map(({ openConversationId, unreadCount, lastOrder }) => ({ chat: { kind: 'group' as const, openConversationId }, unreadCount, lastOrder })),
    ];
    for (const { chat, unreadCount, lastOrder } of userActivity) {
      const known = byChat.get(chatIdOf(chat));
      byChat.set(chatIdOf(chat), { chat, unreadCount: unreadCount + (known?.unreadCount ?? 0), lastOrder: Math.max(lastOrder, known?.lastOrder ?? 0) });
    }
    const active = [...byChat.values()].sort((a, b) => b.lastOrder - a.lastOrder);
    const quietGroups = groups
      .filter((group) => !byChat.has(chatIdOf({ kind: 'group', openConversationId: group.openConversationId })))
      .sort((a, b) => a.title.localeCompare(b.title) || a.openConversationId.localeCompare(b.openConversationId))
      .map(({ openConversationId }) => ({ chat: { kind: 'group' as const, openConversationId }, unreadCount: 0, lastOrder: 0 }));
    return [...active, ...quietGroups];
  }

  /** The chat's messages, both kinds, each with its sender, by sendOrder; `newestOnly`: the newest of each kind. */
  private async entries(user: SessionUser, chat: ChatRef, newestOnly = false): Promise<ChatEntry[]> {
    const { store } = this.messages;
    const [robotMessages, userMessages] = await Promise.all([
      store.messages.listChatMessages(user.corpId, user.userId, chat, newestOnly),
      this.userMessages(user, chat, newestOnly),
    ]);
    const userNames = await store.directory.findUserNames(user.corpId, [...new Set(userMessages.map((m) => m.senderId))]);
    const entries: ChatEntry[] = [
      ...robotMessages.map((m) => ({
        kind: 'robot' as const,
        sender: { kind: isCustomRobotCode(m.robotCode) ? ('customRobot' as const) : ('robot' as const), id: m.robotCode, name: m.robotName },
        ...m,
      })),
      ...userMessages.map((m) => ({ kind: 'user' as const, sender: { kind: 'user' as const, id: m.senderId, name: userNames.get(m.senderId) ?? m.senderId }, ...m })),
    ];
    return entries.sort((a, b) => a.sendOrder - b.sendOrder);
  }

  /** What users wrote in the chat that this user sees: their own, one-to-one; their copies, in a group (their own read). */
  private async userMessages(user: SessionUser, chat: ChatRef, newestOnly: boolean): Promise<Array<UserMessageRecord & { readAt: number | null }>> {
    const { conversations } = this.messages.store;
    if (chat.kind === 'oto') return (await conversations.listOneToOneMessages(user.corpId, user.userId, chat.robotCode, newestOnly)).map((m) => ({ ...m, readAt: m.createdAt }));
    return chat.kind === 'group' ? conversations.listGroupMessages(user.corpId, user.userId, chat.openConversationId, newestOnly) : [];
  }

  /** The user reads every message of the chat, as opening it does; returns how many were unread. */
  async markRead(user: SessionUser, chatId: string): Promise<number> {
    const chat = await this.findChat(user, chatId);
    const now = this.messages.clock.now();
    const read = await this.messages.store.messages.markChatRead(user.corpId, user.userId, chat, now);
    for (const { processQueryKey, robotCode } of read) {
      this.messages.publishRead({ ...placeOf(chat), corpId: user.corpId, processQueryKey, robotCode, at: now }, user.userId);
    }
    const readUserMessages = chat.kind === 'group' ? await this.messages.store.conversations.markGroupRead(user.corpId, user.userId, chat.openConversationId, now) : 0;
    return read.length + readUserMessages;
  }

  /** The chat behind `chatId` if the user is in it: a robot of their corp, or a person-to-person chat or group they are a member of. */
  private async findChat(user: SessionUser, chatId: string): Promise<ChatRef> {
    const chat = parseChatId(chatId);
    if (!chat) throw noSuchChat();
    const { store } = this.messages;
    const isIn =
      chat.kind === 'oto'
        ? (await store.directory.findRobot(user.corpId, chat.robotCode)) !== undefined
        : ((chat.kind === 'p2p'
            ? await store.directory.findPrivateChat(user.corpId, chat.openConversationId)
            : await store.groups.findGroup(user.corpId, chat.openConversationId)
          )?.members.includes(user.userId) ?? false);
    if (!isIn) throw noSuchChat();
    return chat;
  }

  private async describe(user: SessionUser, chat: ChatRef): Promise<Omit<ChatSummary, 'unreadCount' | 'lastMessage'>> {
    const { store } = this.messages;
    const described = { chatId: chatIdOf(chat), kind: CHAT_KINDS[chat.kind], robots: [] };
    if (chat.kind === 'oto') {
      const robot = await store.directory.findRobot(user.corpId, chat.robotCode);
      return { ...described, title: robot?.name ?? chat.robotCode, subtitle: `Robot · ${chat.robotCode}` };
    }
    if (chat.kind === 'group') {
      const group = await store.groups.findGroup(user.corpId, chat.openConversationId);
      const robots = await Promise.all(
        (group?.robots ?? []).map(async (robotCode) => ({ robotCode, name: (await store.directory.findRobot(user.corpId, robotCode))?.name ?? robotCode })),
      );
      const members = group?.members.length ?? 0;
      const robotNames = robots.map((robot) => robot.name).join(', ');
      return {
        ...described,
        title: group?.title ?? chat.openConversationId,
        subtitle: [`Group · ${members} member${members === 1 ? '' : 's'}`, ...(robots.length === 0 ? [] : [`robots: ${robotNames}`])].join(' · '),
        robots,
      };
    }
    const privateChat = await store.directory.findPrivateChat(user.corpId, chat.openConversationId);
    const otherId = privateChat?.members.find((m) => m !== user.userId) ?? '';
    const names = await store.directory.findUserNames(user.corpId, [otherId]);
    const robots = privateChat?.coolApps.map((c) => c.robotName).join(', ') ?? '';
    return {
      ...described,
      title: names.get(otherId) ?? otherId,
      subtitle: robots === '' ? 'Person-to-person chat' : `Person-to-person chat · robots: ${robots}`,
    };
  }
}
