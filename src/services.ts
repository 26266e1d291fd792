import type { OffsetClock } from './clock.js';
import type { DingoConfig } from './config.js';
import type { BotDeliveries } from './domain/botDeliveries.js';
import type { Conversations } from './domain/conversations.js';
import type { ConsoleAccess } from './domain/consoleAccess.js';
import type { CorpConsole } from './domain/corpConsole.js';
import type { CustomRobots } from './domain/customRobots.js';
import type { CustomRobotWebhook } from './domain/customRobotWebhook.js';
import type { GroupMessaging } from './domain/groupChat.js';
import type { DeliveryLog } from './domain/deliveryLog.js';
import type { Faults } from './domain/faults.js';
import type { LegacyUsers } from './domain/legacyUsers.js';
import type { MediaFiles } from './domain/mediaFiles.js';
import type { SessionWebhooks } from './domain/sessionWebhooks.js';
import type { StreamTickets } from './domain/streamTickets.js';
import type { OneToOneMessaging } from './domain/oneToOne.js';
import type { PlatformLimits } from './domain/platformLimits.js';
import type { PrivateChatMessaging } from './domain/privateChat.js';
import type { RobotAdmission } from './domain/robotAdmission.js';
import type { Retention } from './domain/retention.js';
import type { RobotMessages } from './domain/robotMessages.js';
import type { StoredClockOffset } from './domain/storedClockOffset.js';
import type { TokenService } from './domain/tokens.js';
import type { UserChats } from './domain/userChats.js';
import type { WebSessions } from './domain/webSessions.js';
import type { EventBus } from './events/bus.js';
import type { PrometheusMetrics } from './metrics/prometheusMetrics.js';
import type { CacheInvalidation } from './events/cacheInvalidation.js';
import type { StreamGateway } from './gateway/streamGateway.js';
import type { AllowedHosts } from './http/allowedHosts.js';
import type { PublicUrl } from './publicUrl.js';
import type { Store } from './store/store.js';
import type { CertificateAuthority } from './transparent/certificateAuthority.js';

/** Everything the adapters (HTTP, CLI) use, built once at start by `startDingo`. */
export interface Services {
  version: string;
  config: DingoConfig;
  /** The base of every URL Dingo hands out. */
  publicUrl: PublicUrl;
  /** The hosts and origins requests may name (docs/behaviour.md, Hosts and origins). */
  allowedHosts: AllowedHosts;
  clock: OffsetClock;
  /** Moves of the clock by the control plane, kept across restarts. */
  clockOffset: StoredClockOffset;
  /** Every store call timed into `metrics`. */
  store: Store;
  /** This node's `/metrics`: the domain's counters, the store's latency, the HTTP server's. */
  metrics: PrometheusMetrics;
  tokens: TokenService;
  limits: PlatformLimits;
  /** Who may make a robot API call: token, permission, injected fault, platform limits. */
  admission: RobotAdmission;
  /** Live events of every node. */
  events: EventBus;
  /** Tells every node's in-process caches what changed. */
  caches: CacheInvalidation;
  messages: RobotMessages;
  oneToOne: OneToOneMessaging;
  privateChat: PrivateChatMessaging;
  groupChat: GroupMessaging;
  sessions: WebSessions;
  chats: UserChats;
  corpConsole: CorpConsole;
  /** Who reaches which corp's console: its admins, or anyone in dev mode. */
  consoleAccess: ConsoleAccess;
  /** Stored files: `/media/upload`, media ids in messages, download codes and URLs. */
  mediaFiles: MediaFiles;
  /** The legacy oapi's user reads (`/topapi/v2/user/get`, `getbymobile`). */
  legacyUsers: LegacyUsers;
  conversations: Conversations;
  sessionWebhooks: SessionWebhooks;
  /** Groups' custom robots in the console, and the webhook `/robot/send` they are posted to. */
  customRobots: CustomRobots;
  customRobotWebhook: CustomRobotWebhook;
  streamTickets: StreamTickets;
  botDeliveries: BotDeliveries;
  /** Faults injected through the control plane (dev mode only). */
  faults: Faults;
  /** What was pushed to each robot, with every attempt, and its live connections. */
  deliveryLog: DeliveryLog;
  /** The Stream transport: its sockets, and `disconnect` for the control plane. */
  streamGateway: StreamGateway;
  /** Transparent mode's CA; undefined when transparent mode is off. */
  certificateAuthority: CertificateAuthority | undefined;
  /** The background purge of old data and expired credentials. */
  retention: Retention;
}
