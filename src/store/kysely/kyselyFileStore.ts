import type { Kysely } from 'kysely';
import type { FileBytes } from '../fileBytes.js';
import type { DownloadCodeRecord, FileStore, StoredFileRecord } from '../fileStore.js';
import type { Database } from '../schema.js';
import { type Dialect, KyselyBacked } from './kyselyBacked.js';
import { keysByCorp } from './keysByCorp.js';

/** Files over Kysely: metadata in `files` and `file_download_codes`; the bytes in `bytes`. */
export class KyselyFileStore extends KyselyBacked implements FileStore {
  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    private readonly bytes: FileBytes,
  ) {
    super(db, dialect);
  }

  async insert(file: StoredFileRecord, bytes: Buffer): Promise<void> {
    await this.bytes.write(file.corpId, file.sha256, bytes, file.createdAt);
    await this.db
      .insertInto('files')
      .values({
        corp_id: file.corpId,
        media_id: file.mediaId,
        sha256: file.sha256,
        kind: file.kind,
        name: file.name,
        content_type: file.contentType,
        size: file.size,
        created_at: file.createdAt,
      })
      .execute();
  }

  async find(corpId: string, mediaId: string): Promise<StoredFileRecord | undefined> {
    const row = await this.db.selectFrom('files').selectAll().where('corp_id', '=', corpId).where('media_id', '=', mediaId).executeTakeFirst();
    return (
      row && {
        corpId: row.corp_id,
        mediaId: row.media_id,
        sha256: row.sha256,
        kind: row.kind,
        name: row.name,
        contentType: row.content_type,
        size: Number(row.size),
        createdAt: Number(row.created_at),
      }
    );
  }

  async readBytes(corpId: string, sha256: string): Promise<Buffer | undefined> {
    // A directory keeps one copy per content for every corp: the corp's own files decide whether it may read it.
    const ofCorp = await this.db.selectFrom('files').select('media_id').where('corp_id', '=', corpId).where('sha256', '=', sha256).limit(1).executeTakeFirst();
    return ofCorp && this.bytes.read(corpId, sha256);
  }

  async purgeStoredBefore(before: number, limit: number): Promise<number> {
    const purged = await this.inTransaction(async (db) => {
      const old = await db.selectFrom('files').select(['corp_id', 'media_id', 'sha256']).where('created_at', '<', before).orderBy('created_at').limit(limit).execute();
      for (const [corpId, mediaIds] of keysByCorp(old, (row) => row.media_id)) {
        await db.deleteFrom('file_download_codes').where('corp_id', '=', corpId).where('media_id', 'in', mediaIds).execute();
        await db.deleteFrom('files').where('corp_id', '=', corpId).where('media_id', 'in', mediaIds).execute();
      }
      return old;
    });
    // Then the bytes no file refers to any more; a directory's are not transactional, so this comes after the commit.
    const contents = new Map(purged.map((row) => [`${row.corp_id}/${row.sha256}`, row]));
    for (const { corp_id: corpId, sha256 } of contents.values()) {
      let stillReferred = this.db.selectFrom('files').select('media_id').where('sha256', '=', sha256);
      if (this.bytes.sharedBy === 'corp') stillReferred = stillReferred.where('corp_id', '=', corpId);
      if (!(await stillReferred.limit(1).executeTakeFirst())) await this.bytes.deleteUnusedSince(corpId, sha256, before);
    }
    return purged.length;
  }

  async insertDownloadCode(code: DownloadCodeRecord): Promise<void> {
    await this.db
      .insertInto('file_download_codes')
      .values({ corp_id: code.corpId, download_code: code.downloadCode, robot_code: code.robotCode, media_id: code.mediaId, created_at: code.createdAt })
      .execute();
  }

  async findDownloadCode(corpId: string, downloadCode: string): Promise<DownloadCodeRecord | undefined> {
    const row = await this.db
      .selectFrom('file_download_codes')
      .selectAll()
      .where('corp_id', '=', corpId)
      .where('download_code', '=', downloadCode)
      .executeTakeFirst();
    return row && { corpId: row.corp_id, downloadCode: row.download_code, robotCode: row.robot_code, mediaId: row.media_id, createdAt: Number(row.created_at) };
  }
}
