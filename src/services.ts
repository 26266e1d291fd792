import type { OffsetClock } from './clock.js';
import type { DingoConfig } from './config.js';
import type { CorpConsole } from './domain/corpConsole.js';
import type { GroupMessaging } from './domain/groupChat.js';
import type { OneToOneMessaging } from './domain/oneToOne.js';
import type { PlatformLimits } from './domain/platformLimits.js';
import type { PrivateChatMessaging } from './domain/privateChat.js';
import type { RobotMessages } from './domain/robotMessages.js';
import type { TokenService } from './domain/tokens.js';
import type { UserChats } from './domain/userChats.js';
import type { WebSessions } from './domain/webSessions.js';
import type { EventBus } from './events/bus.js';
import type { PublicUrl } from './publicUrl.js';
import type { Store } from './store/store.js';

/** Everything the adapters (HTTP, CLI) use, built once at start by `startDingo`. */
export interface Services {
  version: string;
  config: DingoConfig;
  /** The base of every URL Dingo hands out. */
  publicUrl: PublicUrl;
  clock: OffsetClock;
  store: Store;
  tokens: TokenService;
  limits: PlatformLimits;
  events: EventBus;
  messages: RobotMessages;
  oneToOne: OneToOneMessaging;
  privateChat: PrivateChatMessaging;
  groupChat: GroupMessaging;
  sessions: WebSessions;
  chats: UserChats;
  corpConsole: CorpConsole;
}
