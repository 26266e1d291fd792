import type { Kysely } from 'kysely';
import type { StoredSecrets } from '../../secrets/storedSecrets.js';
import { SECRETS_AT_REST_CONVERSION } from '../migrations/0013_secrets_at_rest.js';
import type { Database } from '../schema.js';
import { lookupOf, sealedAt } from './sealedColumns.js';

/**
 * Seals the secrets a store kept in plain text before migration 0013 (which cannot see the server
 * key, so it leaves this for the start): app and suite secrets, access tokens, custom robots' tokens
 * and secrets, and server secrets. Once, in one transaction that also removes the pending mark, so a
 * second run (or a second node, after the first: Store.oneNodeAtATime) finds nothing to do. True when it converted.
 */
export async function sealPlaintextSecrets(database: Kysely<Database>, secrets: StoredSecrets): Promise<boolean> {
  return database.transaction().execute(async (db) => {
    const pending = await db.deleteFrom('pending_conversions').where('name', '=', SECRETS_AT_REST_CONVERSION).executeTakeFirst();
    if (pending.numDeletedRows === 0n) return false;
    for (const app of await db.selectFrom('apps').select(['corp_id', 'app_key', 'app_secret']).execute()) {
      const sealed = secrets.seal(app.app_secret, sealedAt.appSecret(app.corp_id, app.app_key));
      await db.updateTable('apps').set({ app_secret: sealed }).where('corp_id', '=', app.corp_id).where('app_key', '=', app.app_key).execute();
    }
    for (const suite of await db.selectFrom('suites').select(['suite_key', 'suite_secret']).execute()) {
      const sealed = secrets.seal(suite.suite_secret, sealedAt.suiteSecret(suite.suite_key));
      await db.updateTable('suites').set({ suite_secret: sealed }).where('suite_key', '=', suite.suite_key).execute();
    }
    for (const token of await db.selectFrom('access_tokens').select(['corp_id', 'app_key', 'token']).execute()) {
      await db
        .updateTable('access_tokens')
        .set({ token: secrets.lookupHash(lookupOf.accessToken, token.token), sealed_token: secrets.seal(token.token, sealedAt.accessToken(token.corp_id, token.app_key)) })
        .where('corp_id', '=', token.corp_id)
        .where('app_key', '=', token.app_key)
        .execute();
    }
    for (const robot of await db.selectFrom('custom_robots').select(['corp_id', 'robot_code', 'access_token', 'secret']).execute()) {
      await db
        .updateTable('custom_robots')
        .set({
          access_token: secrets.seal(robot.access_token, sealedAt.customRobotToken(robot.corp_id, robot.robot_code)),
          secret: robot.secret === null ? null : secrets.seal(robot.secret, sealedAt.customRobotSecret(robot.corp_id, robot.robot_code)),
        })
        .where('corp_id', '=', robot.corp_id)
        .where('robot_code', '=', robot.robot_code)
        .execute();
      await db
        .updateTable('custom_robot_tokens')
        .set({ access_token: secrets.lookupHash(lookupOf.customRobotToken, robot.access_token) })
        .where('access_token', '=', robot.access_token)
        .execute();
    }
    for (const secret of await db.selectFrom('server_secrets').select(['name', 'value']).execute()) {
      await db.updateTable('server_secrets').set({ value: secrets.seal(secret.value, sealedAt.serverSecret(secret.name)) }).where('name', '=', secret.name).execute();
    }
    return true;
  });
}
