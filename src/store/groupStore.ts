/**
 * Group chats: a corp's groups, their members and the robots installed in
 * them, as the seed and the console set them.
 */
export interface GroupStore {
  /**
   * Creates or updates each group of the corp; a group's members and robots
   * become exactly the ones given. Runs in the store's transaction, or its own.
   */
  apply(corpId: string, groups: readonly GroupRecord[]): Promise<void>;
  findGroup(corpId: string, openConversationId: string): Promise<GroupRecord | undefined>;
  /** Every group of the corp, by openConversationId. */
  listGroups(corpId: string): Promise<GroupRecord[]>;
  /** The groups of the corp that `userId` is a member of, by openConversationId. */
  listGroupsOfMember(corpId: string, userId: string): Promise<GroupRecord[]>;
}

export interface GroupRecord {
  openConversationId: string;
  title: string;
  /** userId of the owner, always one of the members. */
  owner: string;
  /** userIds, sorted. */
  members: string[];
  /** robotCodes of the robots installed in the group, sorted. */
  robots: string[];
}
