import type { FileBytes } from '../fileBytes.js';
import { KyselyBacked } from './kyselyBacked.js';

/**
 * File bytes in the database: `file_blobs`, one row per (corp, sha256), written in
 * the same transaction as the file's metadata. PostgreSQL deployments use it unless
 * given `--files-dir`, so every node reads what any node stored.
 */
export class KyselyFileBytes extends KyselyBacked implements FileBytes {
  readonly sharedBy = 'corp';

  async write(corpId: string, sha256: string, bytes: Buffer, at: number): Promise<void> {
    await this.db
      .insertInto('file_blobs')
      .values({ corp_id: corpId, sha256, bytes, used_at: at })
      // Kept bytes are marked used now: a purge racing this write re-reads the row it waited for and keeps it.
      .onConflict((oc) => oc.columns(['corp_id', 'sha256']).doUpdateSet((eb) => ({ used_at: eb.ref('excluded.used_at') })))
      .execute();
  }

  async read(corpId: string, sha256: string): Promise<Buffer | undefined> {
    const row = await this.db.selectFrom('file_blobs').select('bytes').where('corp_id', '=', corpId).where('sha256', '=', sha256).executeTakeFirst();
    return row && Buffer.from(row.bytes);
  }

  async deleteUnusedSince(corpId: string, sha256: string, before: number): Promise<void> {
    await this.db.deleteFrom('file_blobs').where('corp_id', '=', corpId).where('sha256', '=', sha256).where('used_at', '<', before).execute();
  }
}
