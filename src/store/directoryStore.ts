/**
 * The directory: corps, users, apps, suites and their authorisations, robots,
 * cool apps and person-to-person chats, as the seed and the console set them.
 */
export interface DirectoryStore {
  hasAnyCorp(): Promise<boolean>;
  /** Creates or updates every entry of `changes` (none duplicated), in one transaction. */
  apply(changes: DirectoryChanges): Promise<void>;

  findCorp(corpId: string): Promise<{ corpId: string; name: string } | undefined>;
  findUser(corpId: string, userId: string): Promise<UserRecord | undefined>;
  /** The corp's user with this mobile number (the first by userId if several share it). */
  findUserByMobile(corpId: string, mobile: string): Promise<UserRecord | undefined>;
  /** Names of those of `userIds` that are users of the corp. */
  findUserNames(corpId: string, userIds: readonly string[]): Promise<Map<string, string>>;
  /** Every user of every corp, by corp then userId (for the dev-mode user switcher). */
  listAllUsers(): Promise<Array<UserRecord & { corpName: string }>>;

  findInternalApp(appKey: string): Promise<AppRecord | undefined>;
  findSuite(suiteKey: string): Promise<SuiteRecord | undefined>;
  isSuiteAuthorized(corpId: string, suiteKey: string): Promise<boolean>;
  findRobot(corpId: string, robotCode: string): Promise<RobotRecord | undefined>;
  /** The corp's robots (its apps' and those of the suites it authorised), by robotCode. */
  listRobots(corpId: string): Promise<RobotRecord[]>;
  /** The robots with this robotCode in every corp (one, usually), by corp. */
  findRobotsByCode(robotCode: string): Promise<RobotRecord[]>;
  /** Every corp, by corpId (the dev-mode console's corp picker). */
  listCorps(): Promise<Array<{ corpId: string; name: string }>>;
  findPrivateChat(corpId: string, openConversationId: string): Promise<PrivateChatRecord | undefined>;

  /** Everything in one corp, for the console. */
  readCorp(corpId: string): Promise<CorpDirectory | undefined>;
}

export interface UserRecord {
  corpId: string;
  userId: string;
  name: string;
  passwordHash: string | null;
  isAdmin: boolean;
  /** For custom robots' atMobiles; null when the directory has none. */
  mobile: string | null;
}

export interface AppRecord {
  corpId: string;
  appKey: string;
  appSecret: string;
  name: string;
  permissions: string[];
}

export interface SuiteRecord {
  suiteKey: string;
  suiteSecret: string;
  name: string;
  permissions: string[];
}

export interface RobotRecord {
  corpId: string;
  robotCode: string;
  /** The app (appKey or suiteKey) whose tokens may use this robot. */
  appKey: string;
  name: string;
  status: 'enabled' | 'stopped';
  /** How the robot hears what users write (docs/behaviour.md, Conversations and Stream mode). */
  receive: RobotReceiveMode;
  /** Where `receive: http` posts; null otherwise. */
  callbackUrl: string | null;
}

export type RobotReceiveMode = 'stream' | 'http' | 'none';

export interface PrivateChatRecord {
  corpId: string;
  openConversationId: string;
  members: string[];
  /** The cool apps installed in the chat, each bringing its robot. */
  coolApps: Array<{ coolAppCode: string; robotCode: string; robotName: string }>;
}

export interface CorpDirectory {
  corp: { corpId: string; name: string };
  users: UserRecord[];
  apps: AppRecord[];
  suites: Array<Omit<SuiteRecord, 'suiteSecret'>>;
  robots: RobotRecord[];
  coolApps: Array<{ coolAppCode: string; robotCode: string }>;
  privateChats: Array<{ openConversationId: string; members: string[]; coolApps: string[] }>;
}

/** A whole directory to create or update, with passwords already hashed. */
export interface DirectoryChanges {
  corps: Array<{
    corpId: string;
    name: string;
    users: Array<{ userId: string; name: string; passwordHash: string | null; isAdmin: boolean; mobile: string | null }>;
    apps: Array<{ appKey: string; appSecret: string; name: string; permissions: string[] }>;
    /** Robots of internal apps and of the suites this corp authorised. */
    robots: Array<Omit<RobotRecord, 'corpId'>>;
    coolApps: Array<{ coolAppCode: string; robotCode: string }>;
    privateChats: Array<{ openConversationId: string; members: string[]; coolAppCodes: string[] }>;
  }>;
  suites: Array<{ suiteKey: string; suiteSecret: string; name: string; permissions: string[]; authorizedCorps: string[] }>;
}
