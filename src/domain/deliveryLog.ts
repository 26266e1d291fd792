import type { BotDeliveryRecord, DeliveryLogEntry } from '../store/botDeliveryStore.js';
import type { RobotRecord } from '../store/directoryStore.js';
import type { Store } from '../store/store.js';
import { ApiError, badRequest } from './errors.js';

/** The most deliveries one look at the log returns, newest first. */
export const DELIVERY_LOG_LIMIT = 100;

/** The Stream connections an app holds open (the gateway knows them). */
export interface StreamPresence {
  connectionsOf(clientId: string): Array<{ connectionId: string; connectedAt: number }>;
}

export type LoggedDelivery = BotDeliveryRecord & { log: DeliveryLogEntry[] };

/** How a robot hears what users write, and what it was sent: the console's and the control plane's view of one robot. */
export interface RobotReception {
  robot: RobotRecord;
  /** Its app's live Stream connections on this node, oldest first. */
  connections: Array<{ connectionId: string; connectedAt: number }>;
  deliveries: LoggedDelivery[];
}

/**
 * What Dingo pushed to a robot and how each attempt went (docs/behaviour.md,
 * Conversations and Stream mode; HTTP callbacks): the place a bot team looks
 * when its bot "got nothing".
 */
export class DeliveryLog {
  constructor(
    private readonly store: Pick<Store, 'directory' | 'botDeliveries'>,
    private readonly presence: StreamPresence,
  ) {}

  /** The robot `robotCode` of `corpId`, or of the one corp that has such a robot when `corpId` is absent. */
  async ofRobot(robotCode: string, corpId?: string): Promise<RobotReception> {
    const robots = (await this.store.directory.findRobotsByCode(robotCode)).filter((r) => corpId === undefined || r.corpId === corpId);
    const [robot, another] = robots;
    if (robot === undefined) {
      throw badRequest('invalidParameter.robotCode.invalid', corpId === undefined ? `There is no robot ${robotCode}.` : `There is no robot ${robotCode} in ${corpId}.`);
    }
    if (another !== undefined) {
      throw badRequest('invalidParameter.corpId.missing', `Robot ${robotCode} is in several corps (${robots.map((r) => r.corpId).join(', ')}): give corpId.`);
    }
    return this.reception(robot);
  }

  /** A robot of a corp, for that corp's console. */
  async ofCorpRobot(corpId: string, robotCode: string): Promise<RobotReception> {
    const robot = await this.store.directory.findRobot(corpId, robotCode);
    if (!robot) throw new ApiError(404, 'console.notFound', `Robot ${robotCode} does not exist in this corp.`);
    return this.reception(robot);
  }

  private async reception(robot: RobotRecord): Promise<RobotReception> {
    const deliveries = await this.store.botDeliveries.listWithLog(robot.corpId, { robotCode: robot.robotCode, limit: DELIVERY_LOG_LIMIT });
    return { robot, connections: this.presence.connectionsOf(robot.appKey), deliveries };
  }
}
