import type { CorpDirectory, DirectoryChanges } from '../store/directoryStore.js';
import type { MessageFilter, MessageRecord, RecipientRecord } from '../store/messageStore.js';
import type { Store } from '../store/store.js';
import { ApiError, badRequest, INVALID_PARAMETER } from './errors.js';
import { hashPassword } from './passwords.js';
import type { RecallResult, RobotMessages } from './robotMessages.js';

type CorpChanges = DirectoryChanges['corps'][number];

export interface LoggedMessage extends MessageRecord {
  recipients: RecipientRecord[];
}

const notFound = (what: string) => new ApiError(404, 'console.notFound', `${what} does not exist in this corp.`);
const invalid = (problem: string) => badRequest(INVALID_PARAMETER, problem);

/**
 * What a corp's admins do in the console (docs/behaviour.md, Web client and console): read and edit the
 * directory of their corp, and watch and recall its messages. Edits go through
 * the same store operation as the seed, so they behave like a seed entry.
 */
export class CorpConsole {
  constructor(private readonly messages: RobotMessages) {}

  private get store(): Store {
    return this.messages.store;
  }

  async directory(corpId: string): Promise<CorpDirectory> {
    const directory = await this.store.directory.readCorp(corpId);
    if (!directory) throw notFound(`Corp ${corpId}`);
    return directory;
  }

  async upsertUser(corpId: string, userId: string, change: { name: string; isAdmin: boolean; password?: string }): Promise<CorpDirectory> {
    const existing = await this.store.directory.findUser(corpId, userId);
    const passwordHash = change.password ? await hashPassword(change.password) : (existing?.passwordHash ?? null);
    return this.apply(corpId, { users: [{ userId, name: change.name, isAdmin: change.isAdmin, passwordHash }] });
  }

  async updateRobot(corpId: string, robotCode: string, change: { name: string; status: 'enabled' | 'stopped' }): Promise<CorpDirectory> {
    const robot = await this.store.directory.findRobot(corpId, robotCode);
    if (!robot) throw notFound(`Robot ${robotCode}`);
    return this.apply(corpId, { robots: [{ ...robot, name: change.name, status: change.status }] });
  }

  async upsertApp(corpId: string, appKey: string, change: { name: string; appSecret: string; permissions: string[] }): Promise<CorpDirectory> {
    const existing = await this.store.directory.findInternalApp(appKey);
    if ((existing && existing.corpId !== corpId) || (await this.store.directory.findSuite(appKey))) {
      throw invalid(`appKey ${appKey} is already used by another app`);
    }
    const robots = existing || (await this.store.directory.findRobot(corpId, appKey)) ? [] : [{ robotCode: appKey, appKey, name: change.name, status: 'enabled' as const, receive: 'stream' as const, callbackUrl: null }];
    return this.apply(corpId, { apps: [{ appKey, ...change }], robots });
  }

  async upsertCoolApp(corpId: string, coolAppCode: string, change: { robotCode: string }): Promise<CorpDirectory> {
    if (!(await this.store.directory.findRobot(corpId, change.robotCode))) throw invalid(`robot ${change.robotCode} is not a robot of this corp`);
    return this.apply(corpId, { coolApps: [{ coolAppCode, robotCode: change.robotCode }] });
  }

  async upsertPrivateChat(corpId: string, openConversationId: string, change: { members: string[]; coolApps: string[] }): Promise<CorpDirectory> {
    const [first, second] = change.members;
    if (change.members.length !== 2 || first === second) throw invalid('a person-to-person chat has exactly two different members');
    const users = await this.store.directory.findUserNames(corpId, change.members);
    const stranger = change.members.find((m) => !users.has(m));
    if (stranger !== undefined) throw invalid(`user ${stranger} is not a user of this corp`);
    const known = new Set((await this.directory(corpId)).coolApps.map((c) => c.coolAppCode));
    const unknownCoolApp = change.coolApps.find((c) => !known.has(c));
    if (unknownCoolApp !== undefined) throw invalid(`cool app ${unknownCoolApp} is not a cool app of this corp`);
    return this.apply(corpId, { privateChats: [{ openConversationId, members: change.members, coolAppCodes: change.coolApps }] });
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

  private async apply(corpId: string, changes: Partial<Omit<CorpChanges, 'corpId' | 'name'>>): Promise<CorpDirectory> {
    const corp = await this.store.directory.findCorp(corpId);
    if (!corp) throw notFound(`Corp ${corpId}`);
    await this.store.directory.apply({
      corps: [{ corpId, name: corp.name, users: [], apps: [], robots: [], coolApps: [], privateChats: [], ...changes }],
      suites: [],
    });
    return this.directory(corpId);
  }
}
