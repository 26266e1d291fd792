import type { CustomRobotRecord } from '../store/customRobotStore.js';
import type { Store } from '../store/store.js';
import { customRobotCodeOf, type CustomRobotSettings, newCustomRobotSecret, newCustomRobotToken, normalizedSettings, problemOfSettings } from './customRobotSettings.js';
import { ApiError, badRequest, INVALID_PARAMETER } from './errors.js';

/** A custom robot as the console shows it: with the webhook URL a monitoring tool is given. */
export type ConsoleCustomRobot = CustomRobotRecord & { webhookUrl: string };

/**
 * What an admin sets on a custom robot: its token is never edited; `signed` makes a secret
 * (kept while it stays signed) or removes it, for tools that cannot sign (Grafana).
 */
export type CustomRobotChange = Pick<CustomRobotSettings, 'name' | 'keywords' | 'ipRanges'> & { signed: boolean };

const notFound = (what: string) => new ApiError(404, 'console.notFound', `${what} does not exist in this corp.`);

/** The custom robots of a corp's groups as admins manage them in the console (docs/behaviour.md, Custom robots). */
export class CustomRobots {
  constructor(
    private readonly store: Store,
    /** The webhook URL of a token, from the public base URL. */
    private readonly webhookUrlOf: (accessToken: string) => string,
  ) {}

  async list(corpId: string): Promise<ConsoleCustomRobot[]> {
    return (await this.store.customRobots.listOfCorp(corpId)).map((robot) => ({ ...robot, webhookUrl: this.webhookUrlOf(robot.accessToken) }));
  }

  /** A new custom robot in the group, with a generated access token and, when signed, a generated `SEC…` secret. */
  async create(corpId: string, openConversationId: string, change: CustomRobotChange): Promise<CustomRobotRecord> {
    if (!(await this.store.groups.findGroup(corpId, openConversationId))) throw notFound(`Group ${openConversationId}`);
    checkSettings(change);
    const accessToken = newCustomRobotToken();
    const robot = { robotCode: customRobotCodeOf(accessToken), openConversationId, accessToken, secret: change.signed ? newCustomRobotSecret() : null, ...settingsOf(change) };
    await this.store.customRobots.upsert(corpId, robot);
    return robot;
  }

  async update(corpId: string, robotCode: string, change: CustomRobotChange): Promise<CustomRobotRecord> {
    const existing = await this.store.customRobots.find(corpId, robotCode);
    if (!existing) throw notFound(`Custom robot ${robotCode}`);
    checkSettings(change);
    const secret = change.signed ? (existing.secret ?? newCustomRobotSecret()) : null;
    const robot = { ...existing, secret, ...settingsOf(change) };
    await this.store.customRobots.upsert(corpId, robot);
    return robot;
  }

  async delete(corpId: string, robotCode: string): Promise<void> {
    if (!(await this.store.customRobots.delete(corpId, robotCode))) throw notFound(`Custom robot ${robotCode}`);
  }
}

function checkSettings(change: CustomRobotChange): void {
  const problem = problemOfSettings(change);
  if (problem) throw badRequest(INVALID_PARAMETER, `${problem.field}${problem.index === undefined ? '' : `[${problem.index}]`} ${problem.problem}`);
}

function settingsOf({ name, keywords, ipRanges }: CustomRobotChange): Pick<CustomRobotSettings, 'name' | 'keywords' | 'ipRanges'> {
  return normalizedSettings({ name, keywords, ipRanges });
}
