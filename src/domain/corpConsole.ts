import { randomBytes } from 'node:crypto';
import type { CacheInvalidation } from '../events/cacheInvalidation.js';
import type { CorpDirectory, DirectoryChanges } from '../store/directoryStore.js';
import type { GroupRecord } from '../store/groupStore.js';
import type { MessageFilter, MessageRecord, RecipientRecord } from '../store/messageStore.js';
import type { Store } from '../store/store.js';
import type { ConsoleCustomRobot, CustomRobots } from './customRobots.js';
import { appsWithNewSecrets } from './directory.js';
import { appGrantKey, CACHE_AREAS, robotKey } from './directoryCaches.js';
import { ApiError, badRequest, INVALID_PARAMETER } from './errors.js';
import { hashPassword } from './passwords.js';
import type { RecallResult, RobotMessages } from './robotMessages.js';
import type { WebSessions } from './webSessions.js';

type CorpChanges = DirectoryChanges['corps'][number];

export type LoggedMessage = MessageRecord & {
  recipients: RecipientRecord[];
};

/** Everything in one corp, as the console shows it: the directory, the groups and their custom robots. */
export type ConsoleDirectory = CorpDirectory & { groups: GroupRecord[]; customRobots: ConsoleCustomRobot[] };

/** What an admin sets of an internal app. */
export interface AppSettings {
  name: string;
  appSecret: string;
  permissions: string[];
}

/** What an admin changes of an existing app: its secret only when given. */
export type AppEdit = Omit<AppSettings, 'appSecret'> & { appSecret?: string };

const APP_KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `ding` and 16 random lowercase letters or digits, the shape of DingTalk's appKeys. */
function newAppKey(): string {
  return `ding${[...randomBytes(16)].map((byte) => APP_KEY_ALPHABET[byte % APP_KEY_ALPHABET.length]).join('')}`;
}

const notFound = (what: string) => new ApiError(404, 'console.notFound', `${what} does not exist in this corp.`);
const invalid = (problem: string) => badRequest(INVALID_PARAMETER, problem);

/**
 * What a corp's admins do in the console (docs/behaviour.md, Web client and console): read and edit the
 * directory of their corp, and watch and recall its messages. Edits go through
 * the same store operation as the seed, so they behave like a seed entry; each edit drops what
 * every node's caches hold of the users, apps and robots it changed.
 */
export class CorpConsole {
  constructor(
    private readonly messages: RobotMessages,
    private readonly customRobots: CustomRobots,
    private readonly sessions: WebSessions,
    private readonly caches: Pick<CacheInvalidation, 'invalidate'>,
  ) {}

  private get store(): Store {
    return this.messages.store;
  }

  async directory(corpId: string): Promise<ConsoleDirectory> {
    const directory = await this.store.directory.readCorp(corpId);
    if (!directory) throw notFound(`Corp ${corpId}`);
    return { ...directory, groups: await this.store.groups.listGroups(corpId), customRobots: await this.customRobots.list(corpId) };
  }

  /**
   * `mobile`: absent keeps the user's, empty removes it. A new password ends the user's sessions
   * (all but `keepSessionHash`, the session of the admin making the change).
   */
  async upsertUser(
    corpId: string,
    userId: string,
    change: { name: string; isAdmin: boolean; password?: string; mobile?: string },
    keepSessionHash?: string,
  ): Promise<ConsoleDirectory> {
    const existing = await this.store.directory.findUser(corpId, userId);
    const passwordHash = change.password ? await hashPassword(change.password) : (existing?.passwordHash ?? null);
    const mobile = change.mobile === undefined ? (existing?.mobile ?? null) : change.mobile === '' ? null : change.mobile;
    const directory = await this.apply(corpId, { users: [{ userId, name: change.name, isAdmin: change.isAdmin, passwordHash, mobile }] });
    if (change.password) await this.sessions.endSessionsOf(corpId, userId, keepSessionHash);
    return directory;
  }

  async updateRobot(corpId: string, robotCode: string, change: { name: string; status: 'enabled' | 'stopped' }): Promise<ConsoleDirectory> {
    const robot = await this.store.directory.findRobot(corpId, robotCode);
    if (!robot) throw notFound(`Robot ${robotCode}`);
    return this.apply(corpId, { robots: [{ ...robot, name: change.name, status: change.status }] });
  }

  /** The secret of one of the corp's internal apps, on an explicit ask (the directory never carries it); any other key: not found. */
  async appSecret(corpId: string, appKey: string): Promise<string> {
    const app = await this.store.directory.findInternalApp(appKey);
    if (!app || app.corpId !== corpId) throw notFound(`App ${appKey}`);
    return app.appSecret;
  }

  /**
   * Creates an internal app with a key Dingo makes, as DingTalk does (`ding` and 16 letters or digits),
   * and its robot addressed by that key. An admin never chooses a key, so the console can neither
   * take another corp's key nor tell which keys exist (docs/behaviour.md, Web client and console).
   */
  async createApp(corpId: string, { name, appSecret, permissions }: AppSettings): Promise<ConsoleDirectory> {
    const appKey = await this.unusedAppKey(corpId);
    const robot = { robotCode: appKey, appKey, name, status: 'enabled' as const, receive: 'stream' as const, callbackUrl: null };
    return this.apply(corpId, { apps: [{ appKey, name, appSecret, permissions }], robots: [robot] });
  }

  /**
   * Changes an app of this corp; any other key (another corp's, a suite's, none) is answered alike: not found.
   * `appSecret`: absent keeps the app's; a new one ends the app's live tokens in the same transaction, so the
   * old token answers InvalidAuthentication.
   */
  async updateApp(corpId: string, appKey: string, edit: AppEdit): Promise<ConsoleDirectory> {
    const existing = await this.store.directory.findInternalApp(appKey);
    if (!existing || existing.corpId !== corpId) throw notFound(`App ${appKey}`);
    return this.apply(corpId, { apps: [{ appKey, name: edit.name, appSecret: edit.appSecret ?? existing.appSecret, permissions: edit.permissions }] });
  }

  async upsertCoolApp(corpId: string, coolAppCode: string, change: { robotCode: string }): Promise<ConsoleDirectory> {
    if (!(await this.store.directory.findRobot(corpId, change.robotCode))) throw invalid(`robot ${change.robotCode} is not a robot of this corp`);
    return this.apply(corpId, { coolApps: [{ coolAppCode, robotCode: change.robotCode }] });
  }

  async upsertPrivateChat(corpId: string, openConversationId: string, change: { members: string[]; coolApps: string[] }): Promise<ConsoleDirectory> {
    const [first, second] = change.members;
    if (change.members.length !== 2 || first === second) throw invalid('a person-to-person chat has exactly two different members');
    const users = await this.store.directory.findUserNames(corpId, change.members);
    const stranger = change.members.find((m) => !users.has(m));
    if (stranger !== undefined) throw invalid(`user ${stranger} is not a user of this corp`);
    const known = new Set((await this.directory(corpId)).coolApps.map((c) => c.coolAppCode));
    const unknownCoolApp = change.coolApps.find((c) => !known.has(c));
    if (unknownCoolApp !== undefined) throw invalid(`cool app ${unknownCoolApp} is not a cool app of this corp`);
    if (await this.store.groups.findGroup(corpId, openConversationId)) throw invalid(`${openConversationId} is already a group of this corp`);
    return this.apply(corpId, { privateChats: [{ openConversationId, members: change.members, coolAppCodes: change.coolApps }] });
  }

  /** Creates or updates a group, with the seed's rules: the owner is a member, members are users and robots robots of the corp. */
  async upsertGroup(
    corpId: string,
    openConversationId: string,
    change: { title: string; owner: string; members: string[]; robots: string[] },
  ): Promise<ConsoleDirectory> {
    if (!(await this.store.directory.findCorp(corpId))) throw notFound(`Corp ${corpId}`);
    const members = [...new Set(change.members)].sort();
    const robots = [...new Set(change.robots)].sort();
    if (!members.includes(change.owner)) throw invalid(`the owner ${change.owner} must be one of the members`);
    const users = await this.store.directory.findUserNames(corpId, members);
    const stranger = members.find((m) => !users.has(m));
    if (stranger !== undefined) throw invalid(`user ${stranger} is not a user of this corp`);
    for (const robotCode of robots) {
      if (!(await this.store.directory.findRobot(corpId, robotCode))) throw invalid(`robot ${robotCode} is not a robot of this corp`);
    }
    if (await this.store.directory.findPrivateChat(corpId, openConversationId)) {
      throw invalid(`${openConversationId} is already a person-to-person chat of this corp`);
    }
    await this.store.groups.apply(corpId, [{ openConversationId, title: change.title, owner: change.owner, members, robots }]);
    return this.directory(corpId);
  }

  /** The corp's messages, newest first, with every recipient's read state. */
  async messageLog(corpId: string, filter: MessageFilter): Promise<LoggedMessage[]> {
    const messages = await this.store.messages.list(corpId, filter);
    const recipients = await this.store.messages.listRecipientsOf(
      corpId,
      messages.map((m) => m.processQueryKey),
    );
    return messages.map((m) => ({ ...m, recipients: recipients.get(m.processQueryKey) ?? [] }));
  }

  /** Recalls as the message's robot would: the same rules, the 24-hour window included. */
  async recall(corpId: string, processQueryKey: string): Promise<RecallResult> {
    const message = await this.store.messages.find(corpId, processQueryKey);
    if (!message) return { successResult: [], failedResult: { [processQueryKey]: 'invalid.processQueryKey' } };
    return this.messages.recall(corpId, message.robotCode, [processQueryKey], () => true);
  }

  /** A new appKey no app or suite of the deployment, nor a robot of the corp, uses (a clash of 82 random bits is not expected). */
  private async unusedAppKey(corpId: string): Promise<string> {
    const { directory } = this.store;
    for (;;) {
      const appKey = newAppKey();
      const used = (await directory.findInternalApp(appKey)) ?? (await directory.findSuite(appKey)) ?? (await directory.findRobot(corpId, appKey));
      if (!used) return appKey;
    }
  }

  /** Applies `changes` to the corp's directory and, as a seed does, ends the tokens of the apps given a new secret, in one transaction. */
  private async apply(corpId: string, changes: Partial<Omit<CorpChanges, 'corpId' | 'name'>>): Promise<ConsoleDirectory> {
    const corp = await this.store.directory.findCorp(corpId);
    if (!corp) throw notFound(`Corp ${corpId}`);
    const directoryChanges: DirectoryChanges = {
      corps: [{ corpId, name: corp.name, users: [], apps: [], robots: [], coolApps: [], privateChats: [], ...changes }],
      suites: [],
    };
    const revokedApps = await appsWithNewSecrets(this.store.directory, directoryChanges);
    await this.store.transaction(async (store) => {
      await store.directory.apply(directoryChanges);
      for (const appKey of revokedApps) await store.tokens.revoke(appKey);
    });
    if (changes.users?.length) this.caches.invalidate(CACHE_AREAS.users, corpId);
    for (const app of changes.apps ?? []) this.caches.invalidate(CACHE_AREAS.appGrants, appGrantKey(corpId, app.appKey));
    for (const robot of changes.robots ?? []) this.caches.invalidate(CACHE_AREAS.robots, robotKey(corpId, robot.robotCode));
    return this.directory(corpId);
  }
}
