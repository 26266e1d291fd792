import type { Kysely } from 'kysely';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import type { Database } from '../schema.js';
import { lookupOf, sealedAt } from './sealedColumns.js';

/** How the secrets are stored now: in plain text (a store written before migration 0013), or sealed under a server key. */
export type StoredUnder = 'plain text' | StoredSecrets;

/**
 * Rewrites every secret the store keeps, from how it is stored (`from`) to sealed under `to`, lookup hashes
 * included: app and suite secrets, access tokens, custom robots' tokens and secrets, server secrets. `db`
 * is a transaction: the store is rewritten whole or not at all.
 */
export async function rewriteSecrets(db: Kysely<Database>, from: StoredUnder, to: StoredSecrets): Promise<void> {
  const plain = (stored: string, context: string) => (from === 'plain text' ? stored : from.open(stored, context));
  for (const app of await db.selectFrom('apps').select(['corp_id', 'app_key', 'app_secret']).execute()) {
    const at = sealedAt.appSecret(app.corp_id, app.app_key);
    await db.updateTable('apps').set({ app_secret: to.seal(plain(app.app_secret, at), at) }).where('corp_id', '=', app.corp_id).where('app_key', '=', app.app_key).execute();
  }
  for (const suite of await db.selectFrom('suites').select(['suite_key', 'suite_secret']).execute()) {
    const at = sealedAt.suiteSecret(suite.suite_key);
    await db.updateTable('suites').set({ suite_secret: to.seal(plain(suite.suite_secret, at), at) }).where('suite_key', '=', suite.suite_key).execute();
  }
  for (const row of await db.selectFrom('access_tokens').select(['corp_id', 'app_key', 'token', 'sealed_token']).execute()) {
    const at = sealedAt.accessToken(row.corp_id, row.app_key);
    const token = from === 'plain text' ? row.token : from.open(row.sealed_token ?? '', at);
    await db
      .updateTable('access_tokens')
      .set({ token: to.lookupHash(lookupOf.accessToken, token), sealed_token: to.seal(token, at) })
      .where('corp_id', '=', row.corp_id)
      .where('app_key', '=', row.app_key)
      .execute();
  }
  for (const robot of await db.selectFrom('custom_robots').select(['corp_id', 'robot_code', 'access_token', 'secret']).execute()) {
    const [tokenAt, secretAt] = [sealedAt.customRobotToken(robot.corp_id, robot.robot_code), sealedAt.customRobotSecret(robot.corp_id, robot.robot_code)];
    const token = plain(robot.access_token, tokenAt);
    await db
      .updateTable('custom_robots')
      .set({ access_token: to.seal(token, tokenAt), secret: robot.secret === null ? null : to.seal(plain(robot.secret, secretAt), secretAt) })
      .where('corp_id', '=', robot.corp_id)
      .where('robot_code', '=', robot.robot_code)
      .execute();
    await db
      .updateTable('custom_robot_tokens')
      .set({ access_token: to.lookupHash(lookupOf.customRobotToken, token) })
      .where('corp_id', '=', robot.corp_id)
      .where('robot_code', '=', robot.robot_code)
      .execute();
  }
  for (const secret of await db.selectFrom('server_secrets').select(['name', 'value']).execute()) {
    const at = sealedAt.serverSecret(secret.name);
    await db.updateTable('server_secrets').set({ value: to.seal(plain(secret.value, at), at) }).where('name', '=', secret.name).execute();
  }
}
