/**
 * Custom robots: the webhook robots of groups that monitoring and CI tools post
 * to (`/robot/send?access_token=…`), as the seed and the console set them.
 */
export interface CustomRobotStore {
  /**
   * Creates the custom robot, or updates the one of the same robotCode (its name,
   * secret, keywords and IP ranges; its token and group stay). Throws a
   * CustomRobotTokenTaken when the token already belongs to another custom robot.
   * Runs in the store's transaction, or its own.
   */
  upsert(corpId: string, robot: CustomRobotRecord): Promise<void>;
  /** Removes the custom robot and its token; false when there was none. */
  delete(corpId: string, robotCode: string): Promise<boolean>;
  /** Which corp and custom robot a webhook token belongs to: the one lookup not keyed by corp. */
  findByToken(accessToken: string): Promise<CustomRobotRecord & { corpId: string } | undefined>;
  find(corpId: string, robotCode: string): Promise<CustomRobotRecord | undefined>;
  /** The corp's custom robots, by group then name. */
  listOfCorp(corpId: string): Promise<CustomRobotRecord[]>;
  /** The members of the group among `userIds`, or whose directory mobile is among `mobiles`, with their names. */
  findMentionedMembers(corpId: string, openConversationId: string, userIds: readonly string[], mobiles: readonly string[]): Promise<MentionedMember[]>;
}

export interface CustomRobotRecord {
  /** Dingo's id of the custom robot (the sender of its messages); `custom:` and a digest of the token. */
  robotCode: string;
  openConversationId: string;
  name: string;
  /** Unique across the deployment: it alone names the robot on /robot/send. */
  accessToken: string;
  /** `SEC…`; null: messages are not signed. */
  secret: string | null;
  /** Empty: no keyword check. */
  keywords: string[];
  /** IPv4/IPv6 addresses or CIDR ranges; empty: any caller. */
  ipRanges: string[];
}

export interface MentionedMember {
  userId: string;
  name: string;
  mobile: string | null;
}

/** The access token of a custom robot is already another custom robot's. */
export class CustomRobotTokenTaken extends Error {
  override name = 'CustomRobotTokenTaken';
  constructor() {
    super('this access token already belongs to another custom robot');
  }
}
