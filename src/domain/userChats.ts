import type { UserMessageRecord } from '../store/conversationStore.js';
import type { ChatActivity, ChatMessageRecord, ChatRef } from '../store/messageStore.js';
import { ApiError } from './errors.js';
import type { RobotMessages } from './robotMessages.js';
import type { SessionUser } from './webSessions.js';

export interface ChatSummary {
  chatId: string;
  kind: 'robot' | 'private';
  title: string;
  subtitle: string;
  unreadCount: number;
  lastMessage: ChatEntry | null;
}

/** One message of a chat: a robot's, or what a user wrote. */
export type ChatEntry = ({ kind: 'robot' } & ChatMessageRecord) | ({ kind: 'user'; senderName: string } & UserMessageRecord);

/** `oto:<robotCode>` for a one-to-one chat with a robot, `p2p:<openConversationId>` for a person-to-person chat. */
export function chatIdOf(chat: { robotCode: string | null; openConversationId: string | null }): string {
  return chat.openConversationId === null ? `oto:${chat.robotCode}` : `p2p:${chat.openConversationId}`;
}

export function parseChatId(chatId: string): ChatRef | undefined {
  const [kind, ...rest] = chatId.split(':');
  const id = rest.join(':');
  if (id === '') return undefined;
  if (kind === 'oto') return { robotCode: id, openConversationId: null };
  if (kind === 'p2p') return { robotCode: null, openConversationId: id };
  return undefined;
}

const noSuchChat = () => new ApiError(404, 'chat.notFound', 'There is no such chat for this user.');

/** The chats of one signed-in user, as the web client shows them (docs/behaviour.md, Web client and console). */
export class UserChats {
  constructor(private readonly messages: RobotMessages) {}

  /** Chats holding messages, newest activity first, with unread counts and the newest message. */
  async list(user: SessionUser): Promise<ChatSummary[]> {
    const activity = await this.activity(user);
    return Promise.all(
      activity.map(async ({ chat, unreadCount }) => {
        const [lastMessage] = (await this.entries(user, chat, true)).slice(-1);
        return { ...(await this.describe(user, chat)), unreadCount, lastMessage: lastMessage ?? null };
      }),
    );
  }

  /** One chat and its messages, robots' and the user's interleaved as they were said, oldest first. */
  async open(user: SessionUser, chatId: string): Promise<{ chat: ChatSummary; messages: ChatEntry[] }> {
    const chat = await this.findChat(user, chatId);
    const messages = await this.entries(user, chat);
    const unreadCount = messages.filter((m) => m.kind === 'robot' && m.readAt === null).length;
    return { chat: { ...(await this.describe(user, chat)), unreadCount, lastMessage: messages.at(-1) ?? null }, messages };
  }

  /** Chats with robot messages or with what the user wrote, newest activity first. */
  private async activity(user: SessionUser): Promise<ChatActivity[]> {
    const { store } = this.messages;
    const [robotActivity, userActivity] = await Promise.all([
      store.messages.listChats(user.corpId, user.userId),
      store.conversations.listOneToOneActivity(user.corpId, user.userId),
    ]);
    const byChat = new Map(robotActivity.map((a) => [chatIdOf(a.chat), a]));
    for (const { robotCode, lastOrder } of userActivity) {
      const chat = { robotCode, openConversationId: null };
      const known = byChat.get(chatIdOf(chat));
      byChat.set(chatIdOf(chat), { chat, unreadCount: known?.unreadCount ?? 0, lastOrder: Math.max(lastOrder, known?.lastOrder ?? 0) });
    }
    return [...byChat.values()].sort((a, b) => b.lastOrder - a.lastOrder);
  }

  /** The chat's messages, both kinds, by sendOrder; `newestOnly`: the newest of each kind. */
  private async entries(user: SessionUser, chat: ChatRef, newestOnly = false): Promise<ChatEntry[]> {
    const { store } = this.messages;
    const [robotMessages, userMessages] = await Promise.all([
      store.messages.listChatMessages(user.corpId, user.userId, chat, newestOnly),
      chat.openConversationId === null ? store.conversations.listOneToOneMessages(user.corpId, user.userId, chat.robotCode, newestOnly) : [],
    ]);
    return [
      ...robotMessages.map((m) => ({ kind: 'robot' as const, ...m })),
      ...userMessages.map((m) => ({ kind: 'user' as const, senderName: user.name, ...m })),
    ].sort((a, b) => a.sendOrder - b.sendOrder);
  }

  /** The user reads every message of the chat, as opening it does; returns how many were unread. */
  async markRead(user: SessionUser, chatId: string): Promise<number> {
    const chat = await this.findChat(user, chatId);
    const now = this.messages.clock.now();
    const read = await this.messages.store.messages.markChatRead(user.corpId, user.userId, chat, now);
    for (const { processQueryKey, robotCode } of read) {
      this.messages.publishRead({ corpId: user.corpId, processQueryKey, robotCode, openConversationId: chat.openConversationId, at: now }, user.userId);
    }
    return read.length;
  }

  /** The chat behind `chatId` if the user is in it: a robot of their corp, or a person-to-person chat they are a member of. */
  private async findChat(user: SessionUser, chatId: string): Promise<ChatRef> {
    const chat = parseChatId(chatId);
    if (!chat) throw noSuchChat();
    const { store } = this.messages;
    if (chat.openConversationId === null) {
      if (!(await store.directory.findRobot(user.corpId, chat.robotCode))) throw noSuchChat();
    } else {
      const privateChat = await store.directory.findPrivateChat(user.corpId, chat.openConversationId);
      if (!privateChat?.members.includes(user.userId)) throw noSuchChat();
    }
    return chat;
  }

  private async describe(user: SessionUser, chat: ChatRef): Promise<Omit<ChatSummary, 'unreadCount' | 'lastMessage'>> {
    const { store } = this.messages;
    if (chat.openConversationId === null) {
      const robot = await store.directory.findRobot(user.corpId, chat.robotCode);
      return { chatId: chatIdOf(chat), kind: 'robot', title: robot?.name ?? chat.robotCode, subtitle: `Robot · ${chat.robotCode}` };
    }
    const privateChat = await store.directory.findPrivateChat(user.corpId, chat.openConversationId);
    const otherId = privateChat?.members.find((m) => m !== user.userId) ?? '';
    const names = await store.directory.findUserNames(user.corpId, [otherId]);
    const robots = privateChat?.coolApps.map((c) => c.robotName).join(', ') ?? '';
    return {
      chatId: chatIdOf(chat),
      kind: 'private',
      title: names.get(otherId) ?? otherId,
      subtitle: robots === '' ? 'Person-to-person chat' : `Person-to-person chat · robots: ${robots}`,
    };
  }
}
