import type { Kysely, Selectable } from 'kysely';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import { type CustomRobotRecord, type CustomRobotStore, CustomRobotTokenTaken, type MentionedMember } from '../customRobotStore.js';
import type { CustomRobotTable, Database } from '../schema.js';
import { type Dialect, KyselyBacked } from './kyselyBacked.js';
import { lookupOf, sealedAt } from './sealedColumns.js';

/**
 * Custom robots over Kysely: `custom_robots` (keyed by corp; token and secret sealed under the server key),
 * and `custom_robot_tokens`, the token → corp lookup by the token's lookup hash.
 */
export class KyselyCustomRobotStore extends KyselyBacked implements CustomRobotStore {
  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly secrets: StoredSecrets,
  ) {
    super(db, dialect);
  }

  async upsert(corpId: string, robot: CustomRobotRecord): Promise<void> {
    const tokenHash = this.secrets.lookupHash(lookupOf.customRobotToken, robot.accessToken);
    await this.inTransaction(async (db) => {
      const owner = await db.selectFrom('custom_robot_tokens').selectAll().where('access_token', '=', tokenHash).executeTakeFirst();
      if (owner && (owner.corp_id !== corpId || owner.robot_code !== robot.robotCode)) throw new CustomRobotTokenTaken();
      if (!owner) await db.insertInto('custom_robot_tokens').values({ access_token: tokenHash, corp_id: corpId, robot_code: robot.robotCode }).execute();
      const stored = await db.selectFrom('custom_robots').select('secret').where('corp_id', '=', corpId).where('robot_code', '=', robot.robotCode).executeTakeFirst();
      const secret = robot.secret === null ? null : this.secrets.resealed(stored?.secret ?? undefined, robot.secret, sealedAt.customRobotSecret(corpId, robot.robotCode));
      const settings = { name: robot.name, secret, keywords: JSON.stringify(robot.keywords), ip_ranges: JSON.stringify(robot.ipRanges) };
      const accessToken = this.secrets.seal(robot.accessToken, sealedAt.customRobotToken(corpId, robot.robotCode));
      await db
        .insertInto('custom_robots')
        .values({ corp_id: corpId, robot_code: robot.robotCode, open_conversation_id: robot.openConversationId, access_token: accessToken, ...settings })
        .onConflict((oc) => oc.columns(['corp_id', 'robot_code']).doUpdateSet(settings))
        .execute();
    });
  }

  async delete(corpId: string, robotCode: string): Promise<boolean> {
    return this.inTransaction(async (db) => {
      const removed = await db.deleteFrom('custom_robots').where('corp_id', '=', corpId).where('robot_code', '=', robotCode).executeTakeFirst();
      await db.deleteFrom('custom_robot_tokens').where('corp_id', '=', corpId).where('robot_code', '=', robotCode).execute();
      return removed.numDeletedRows > 0n;
    });
  }

  async findByToken(accessToken: string): Promise<(CustomRobotRecord & { corpId: string }) | undefined> {
    const tokenHash = this.secrets.lookupHash(lookupOf.customRobotToken, accessToken);
    const owner = await this.db.selectFrom('custom_robot_tokens').selectAll().where('access_token', '=', tokenHash).executeTakeFirst();
    const robot = owner && (await this.find(owner.corp_id, owner.robot_code));
    return robot && { ...robot, corpId: owner.corp_id };
  }

  async find(corpId: string, robotCode: string): Promise<CustomRobotRecord | undefined> {
    const row = await this.db.selectFrom('custom_robots').selectAll().where('corp_id', '=', corpId).where('robot_code', '=', robotCode).executeTakeFirst();
    return row && this.toRecord(corpId, row);
  }

  async listOfCorp(corpId: string): Promise<CustomRobotRecord[]> {
    const rows = await this.db.selectFrom('custom_robots').selectAll().where('corp_id', '=', corpId).orderBy('open_conversation_id').orderBy('name').orderBy('robot_code').execute();
    return rows.map((row) => this.toRecord(corpId, row));
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

  private toRecord(corpId: string, row: Selectable<CustomRobotTable>): CustomRobotRecord {
    return {
      robotCode: row.robot_code,
      openConversationId: row.open_conversation_id,
      name: row.name,
      accessToken: this.secrets.open(row.access_token, sealedAt.customRobotToken(corpId, row.robot_code)),
      secret: row.secret === null ? null : this.secrets.open(row.secret, sealedAt.customRobotSecret(corpId, row.robot_code)),
      keywords: JSON.parse(row.keywords) as string[],
      ipRanges: JSON.parse(row.ip_ranges) as string[],
    };
  }
}
