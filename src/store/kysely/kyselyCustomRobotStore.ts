import type { Selectable } from 'kysely';
import { type CustomRobotRecord, type CustomRobotStore, CustomRobotTokenTaken, type MentionedMember } from '../customRobotStore.js';
import type { CustomRobotTable } from '../schema.js';
import { KyselyBacked } from './kyselyBacked.js';

/** Custom robots over Kysely: `custom_robots` (keyed by corp), and `custom_robot_tokens`, the token → corp lookup. */
export class KyselyCustomRobotStore extends KyselyBacked implements CustomRobotStore {
  async upsert(corpId: string, robot: CustomRobotRecord): Promise<void> {
    await this.inTransaction(async (db) => {
      const owner = await db.selectFrom('custom_robot_tokens').selectAll().where('access_token', '=', robot.accessToken).executeTakeFirst();
      if (owner && (owner.corp_id !== corpId || owner.robot_code !== robot.robotCode)) throw new CustomRobotTokenTaken();
      if (!owner) await db.insertInto('custom_robot_tokens').values({ access_token: robot.accessToken, corp_id: corpId, robot_code: robot.robotCode }).execute();
      const settings = { name: robot.name, secret: robot.secret, keywords: JSON.stringify(robot.keywords), ip_ranges: JSON.stringify(robot.ipRanges) };
      await db
        .insertInto('custom_robots')
        .values({ corp_id: corpId, robot_code: robot.robotCode, open_conversation_id: robot.openConversationId, access_token: robot.accessToken, ...settings })
        .onConflict((oc) => oc.columns(['corp_id', 'robot_code']).doUpdateSet(settings))
        .execute();
    });
  }

  async delete(corpId: string, robotCode: string): Promise<boolean> {
    return this.inTransaction(async (db) => {
      const removed = await db.deleteFrom('custom_robots').where('corp_id', '=', corpId).where('robot_code', '=', robotCode).returning('access_token').executeTakeFirst();
      if (removed) await db.deleteFrom('custom_robot_tokens').where('access_token', '=', removed.access_token).execute();
      return removed !== undefined;
    });
  }

  async findByToken(accessToken: string): Promise<(CustomRobotRecord & { corpId: string }) | undefined> {
    const owner = await this.db.selectFrom('custom_robot_tokens').selectAll().where('access_token', '=', accessToken).executeTakeFirst();
    const robot = owner && (await this.find(owner.corp_id, owner.robot_code));
    return robot && { ...robot, corpId: owner.corp_id };
  }

  async find(corpId: string, robotCode: string): Promise<CustomRobotRecord | undefined> {
    const row = await this.db.selectFrom('custom_robots').selectAll().where('corp_id', '=', corpId).where('robot_code', '=', robotCode).executeTakeFirst();
    return row && toRecord(row);
  }

  async listOfCorp(corpId: string): Promise<CustomRobotRecord[]> {
    const rows = await this.db.selectFrom('custom_robots').selectAll().where('corp_id', '=', corpId).orderBy('open_conversation_id').orderBy('name').orderBy('robot_code').execute();
    return rows.map(toRecord);
  }

  async findMentionedMembers(corpId: string, openConversationId: string, userIds: readonly string[], mobiles: readonly string[]): Promise<MentionedMember[]> {
    if (userIds.length === 0 && mobiles.length === 0) return [];
    const rows = await this.db
      .selectFrom('group_chat_members as m')
      .innerJoin('users as u', (join) => join.onRef('u.corp_id', '=', 'm.corp_id').onRef('u.user_id', '=', 'm.user_id'))
      .select(['u.user_id', 'u.name', 'u.mobile'])
      .where('m.corp_id', '=', corpId)
      .where('m.open_conversation_id', '=', openConversationId)
      .where((eb) => eb.or([...(userIds.length > 0 ? [eb('u.user_id', 'in', userIds)] : []), ...(mobiles.length > 0 ? [eb('u.mobile', 'in', mobiles)] : [])]))
      .orderBy('u.user_id')
      .execute();
    return rows.map((r) => ({ userId: r.user_id, name: r.name, mobile: r.mobile }));
  }
}

function toRecord(row: Selectable<CustomRobotTable>): CustomRobotRecord {
  return {
    robotCode: row.robot_code,
    openConversationId: row.open_conversation_id,
    name: row.name,
    accessToken: row.access_token,
    secret: row.secret,
    keywords: JSON.parse(row.keywords) as string[],
    ipRanges: JSON.parse(row.ip_ranges) as string[],
  };
}
