import type { FileBytes } from '../fileBytes.js';
import { KyselyBacked } from './kyselyBacked.js';

/**
 * File bytes in the database: `file_blobs`, one row per (corp, sha256), written in
 * the same transaction as the file's metadata. PostgreSQL deployments use it unless
 * given `--files-dir`, so every node reads what any node stored.
 */
export class KyselyFileBytes extends KyselyBacked implements FileBytes {
  async write(corpId: string, sha256: string, bytes: Buffer): Promise<void> {
    await this.db
      .insertInto('file_blobs')
      .values({ corp_id: corpId, sha256, bytes })
      .onConflict((oc) => oc.columns(['corp_id', 'sha256']).doNothing())
      .execute();
  }

  async read(corpId: string, sha256: string): Promise<Buffer | undefined> {
    const row = await this.db.selectFrom('file_blobs').select('bytes').where('corp_id', '=', corpId).where('sha256', '=', sha256).executeTakeFirst();
    return row && Buffer.from(row.bytes);
  }
}
