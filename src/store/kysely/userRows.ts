import type { Selectable } from 'kysely';
import type { UserRecord } from '../directoryStore.js';
import type { UserTable } from '../schema.js';

/** A row of `users` as the record the directory and web sessions answer with. */
export function toUser(row: Selectable<UserTable>): UserRecord {
  return {
    corpId: row.corp_id,
    userId: row.user_id,
    name: row.name,
    passwordHash: row.password_hash,
    isAdmin: row.is_admin === 1,
    mobile: row.mobile,
  };
}
