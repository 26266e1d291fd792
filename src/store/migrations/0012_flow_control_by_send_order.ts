import type { Kysely, Migration } from 'kysely';

/**
 * Every delivery written cost an entry in this index, for flow control alone; flow control now counts a user's
 * recent deliveries through `deliveries_by_user` (corp, user, send order), a send order being never below its
 * creation time × 1000 (KyselyMessageStore.countRecentDeliveries). One index fewer to write per recipient.
 */
export const migration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.dropIndex('deliveries_by_robot_and_user').execute();
  },
};
