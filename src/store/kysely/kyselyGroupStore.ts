import type { GroupRecord, GroupStore } from '../groupStore.js';
import { FixedStatement } from './fixedStatement.js';
import { KyselyBacked } from './kyselyBacked.js';

const GROUP = new FixedStatement('select title, owner_user_id from group_chats where corp_id = ? and open_conversation_id = ?');
const GROUP_MEMBERS = new FixedStatement('select user_id from group_chat_members where corp_id = ? and open_conversation_id = ? order by user_id');
const GROUP_ROBOTS = new FixedStatement('select robot_code from group_chat_robots where corp_id = ? and open_conversation_id = ? order by robot_code');

/** Groups over Kysely: `group_chats`, with `group_chat_members` and `group_chat_robots`. */
export class KyselyGroupStore extends KyselyBacked implements GroupStore {
  async apply(corpId: string, groups: readonly GroupRecord[]): Promise<void> {
    if (groups.length === 0) return;
    await this.inTransaction(async (db) => {
      for (const group of groups) {
        const key = { corp_id: corpId, open_conversation_id: group.openConversationId };
        await db
          .insertInto('group_chats')
          .values({ ...key, title: group.title, owner_user_id: group.owner })
          .onConflict((oc) =>
            oc.columns(['corp_id', 'open_conversation_id']).doUpdateSet((eb) => ({ title: eb.ref('excluded.title'), owner_user_id: eb.ref('excluded.owner_user_id') })),
          )
          .execute();
        // Members and robots are what the directory says: replace them.
        for (const table of ['group_chat_members', 'group_chat_robots'] as const) {
          await db.deleteFrom(table).where('corp_id', '=', corpId).where('open_conversation_id', '=', group.openConversationId).execute();
        }
        if (group.members.length > 0) {
          await db
            .insertInto('group_chat_members')
            .values(group.members.map((userId) => ({ ...key, user_id: userId })))
            .execute();
        }
        if (group.robots.length > 0) {
          await db
            .insertInto('group_chat_robots')
            .values(group.robots.map((robotCode) => ({ ...key, robot_code: robotCode })))
            .execute();
        }
      }
    });
  }

  /** Every group send reads its group: fixed texts. */
  async findGroup(corpId: string, openConversationId: string): Promise<GroupRecord | undefined> {
    const key = [corpId, openConversationId];
    const [group] = await this.rowsOf<{ title: string; owner_user_id: string }>(GROUP, key);
    if (group === undefined) return undefined;
    const members = await this.rowsOf<{ user_id: string }>(GROUP_MEMBERS, key);
    const robots = await this.rowsOf<{ robot_code: string }>(GROUP_ROBOTS, key);
    return { openConversationId, title: group.title, owner: group.owner_user_id, members: members.map((m) => m.user_id), robots: robots.map((r) => r.robot_code) };
  }

  listGroups(corpId: string): Promise<GroupRecord[]> {
    return this.read(corpId, {});
  }

  listGroupsOfMember(corpId: string, userId: string): Promise<GroupRecord[]> {
    return this.read(corpId, { memberId: userId });
  }

  /** The corp's groups: all, the one `openConversationId` names, or those `memberId` is a member of. */
  private async read(corpId: string, only: { openConversationId?: string; memberId?: string }): Promise<GroupRecord[]> {
    const { openConversationId, memberId } = only;
    const byId = openConversationId !== undefined;
    const byMember = memberId !== undefined;
    const groupsOfMember = this.db.selectFrom('group_chat_members').select('open_conversation_id').where('corp_id', '=', corpId).where('user_id', '=', memberId ?? '');
    const [groups, members, robots] = await Promise.all([
      this.db
        .selectFrom('group_chats')
        .selectAll()
        .where('corp_id', '=', corpId)
        .$if(byId, (q) => q.where('open_conversation_id', '=', openConversationId as string))
        .$if(byMember, (q) => q.where('open_conversation_id', 'in', groupsOfMember))
        .orderBy('open_conversation_id')
        .execute(),
      this.db
        .selectFrom('group_chat_members')
        .select(['open_conversation_id', 'user_id'])
        .where('corp_id', '=', corpId)
        .$if(byId, (q) => q.where('open_conversation_id', '=', openConversationId as string))
        .$if(byMember, (q) => q.where('open_conversation_id', 'in', groupsOfMember))
        .orderBy('user_id')
        .execute(),
      this.db
        .selectFrom('group_chat_robots')
        .select(['open_conversation_id', 'robot_code'])
        .where('corp_id', '=', corpId)
        .$if(byId, (q) => q.where('open_conversation_id', '=', openConversationId as string))
        .$if(byMember, (q) => q.where('open_conversation_id', 'in', groupsOfMember))
        .orderBy('robot_code')
        .execute(),
    ]);
    return groups.map((g) => ({
      openConversationId: g.open_conversation_id,
      title: g.title,
      owner: g.owner_user_id,
      members: members.filter((m) => m.open_conversation_id === g.open_conversation_id).map((m) => m.user_id),
      robots: robots.filter((r) => r.open_conversation_id === g.open_conversation_id).map((r) => r.robot_code),
    }));
  }
}
