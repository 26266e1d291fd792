import type { GroupRecord, GroupStore } from '../groupStore.js';
import { KyselyBacked } from './kyselyBacked.js';

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

  async findGroup(corpId: string, openConversationId: string): Promise<GroupRecord | undefined> {
    const [group] = await this.read(corpId, { openConversationId });
    return group;
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
