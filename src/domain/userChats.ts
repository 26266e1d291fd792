import type { ChatKind, ChatMessageRecord, ChatRef, MessagePlace } from '../store/messageStore.js';
import { ApiError } from './errors.js';
import type { RobotMessages } from './robotMessages.js';
import type { SessionUser } from './webSessions.js';

export interface ChatSummary {
  chatId: string;
  kind: 'robot' | 'private' | 'group';
  title: string;
  subtitle: string;
  unreadCount: number;
  lastMessage: ChatMessageRecord | null;
}

/**
 * `oto:<robotCode>` for a one-to-one chat with a robot, `p2p:<openConversationId>` for a
 * person-to-person chat, `group:<openConversationId>` for a group: the chat of a message (or event).
 */
export function chatIdOf(message: MessagePlace & { robotCode: string }): string {
  return message.chatKind === 'oto' ? `oto:${message.robotCode}` : `${message.chatKind}:${message.openConversationId}`;
}

function idOfChat(chat: ChatRef): string {
  return `${chat.kind}:${chat.kind === 'oto' ? chat.robotCode : chat.openConversationId}`;
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

  /** Chats holding messages, newest activity first, with unread counts and the newest message. */
  async list(user: SessionUser): Promise<ChatSummary[]> {
    const { store } = this.messages;
    const activity = await store.messages.listChats(user.corpId, user.userId);
    return Promise.all(
      activity.map(async ({ chat, unreadCount }) => {
        const [lastMessage] = await store.messages.listChatMessages(user.corpId, user.userId, chat, true);
        return { ...(await this.describe(user, chat)), unreadCount, lastMessage: lastMessage ?? null };
      }),
    );
  }

  /** One chat and its messages, oldest first. */
  async open(user: SessionUser, chatId: string): Promise<{ chat: ChatSummary; messages: ChatMessageRecord[] }> {
    const chat = await this.findChat(user, chatId);
    const messages = await this.messages.store.messages.listChatMessages(user.corpId, user.userId, chat);
    return {
      chat: { ...(await this.describe(user, chat)), unreadCount: messages.filter((m) => m.readAt === null).length, lastMessage: messages.at(-1) ?? null },
      messages,
    };
  }

  /** The user reads every message of the chat, as opening it does; returns how many were unread. */
  async markRead(user: SessionUser, chatId: string): Promise<number> {
    const chat = await this.findChat(user, chatId);
    const now = this.messages.clock.now();
    const read = await this.messages.store.messages.markChatRead(user.corpId, user.userId, chat, now);
    for (const { processQueryKey, robotCode } of read) {
      this.messages.publishRead({ ...placeOf(chat), corpId: user.corpId, processQueryKey, robotCode, at: now }, user.userId);
    }
    return read.length;
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
    const described = { chatId: idOfChat(chat), kind: CHAT_KINDS[chat.kind] };
    if (chat.kind === 'oto') {
      const robot = await store.directory.findRobot(user.corpId, chat.robotCode);
      return { ...described, title: robot?.name ?? chat.robotCode, subtitle: `Robot · ${chat.robotCode}` };
    }
    if (chat.kind === 'group') {
      const group = await store.groups.findGroup(user.corpId, chat.openConversationId);
      const robots = await Promise.all((group?.robots ?? []).map(async (code) => (await store.directory.findRobot(user.corpId, code))?.name ?? code));
      const members = group?.members.length ?? 0;
      return {
        ...described,
        title: group?.title ?? chat.openConversationId,
        subtitle: [`Group · ${members} member${members === 1 ? '' : 's'}`, ...(robots.length === 0 ? [] : [`robots: ${robots.join(', ')}`])].join(' · '),
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
