import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DownloadCodeRecord, StoredFileRecord } from '../../src/store/fileStore.js';
import { openStore } from '../../src/store/openStore.js';
import { dumpDatabase } from '../databaseRows.js';
import { newLastingTestDatabase } from '../testDatabase.js';
import { BACKEND, TEST_SERVER_KEY, useStore } from './storeFixtures.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function fileRecord(corpId: string, mediaId: string, bytes: Buffer): StoredFileRecord {
  return { corpId, mediaId, sha256: sha256(bytes), kind: 'file', name: 'a.bin', contentType: 'application/octet-stream', size: bytes.length, createdAt: 1_000 };
}

/**
 * The file store, bytes in the store's own place: a temporary directory for an in-memory
 * SQLite, the database for PostgreSQL (test/fileBytes.test.ts covers a configured directory).
 */
describe(`store.files on ${BACKEND}`, () => {
  const store = useStore();

  describe('insert, find and readBytes', () => {
    it('keeps bytes by content and reads them back exactly', async () => {
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
      await store().files.insert(fileRecord('corpA', '@lA1', bytes), bytes);
      await store().files.insert({ ...fileRecord('corpA', '@lA2', bytes), kind: 'image', name: 'b.png', contentType: 'image/png' }, bytes); // same content, second media id
      expect(await store().files.find('corpA', '@lA1')).toEqual(fileRecord('corpA', '@lA1', bytes));
      expect(await store().files.find('corpA', '@lA2')).toMatchObject({ kind: 'image', name: 'b.png', contentType: 'image/png', sha256: sha256(bytes) });
      expect((await store().files.readBytes('corpA', sha256(bytes)))?.equals(bytes)).toBe(true);
      expect(await store().files.readBytes('corpA', sha256(Buffer.from('never stored')))).toBeUndefined();
      expect(await store().files.find('corpA', '@unknown')).toBeUndefined();
    });

    it("keeps files under their corp: another corp finds neither the file nor its bytes", async () => {
      const bytes = Buffer.from('corp A only');
      await store().files.insert(fileRecord('corpA', '@lA1', bytes), bytes);
      expect(await store().files.find('corpB', '@lA1')).toBeUndefined();
      expect(await store().files.readBytes('corpB', sha256(bytes))).toBeUndefined();
      // Once corp B stores the same content, it reads it as its own.
      await store().files.insert(fileRecord('corpB', '@lB1', bytes), bytes);
      expect((await store().files.readBytes('corpB', sha256(bytes)))?.equals(bytes)).toBe(true);
    });

    it('refuses a second file with the same media id in a corp', async () => {
      const bytes = Buffer.from('one');
      await store().files.insert(fileRecord('corpA', '@lA1', bytes), bytes);
      const other = Buffer.from('two');
      await expect(store().files.insert(fileRecord('corpA', '@lA1', other), other)).rejects.toThrow();
      expect(await store().files.find('corpA', '@lA1')).toEqual(fileRecord('corpA', '@lA1', bytes));
    });

    it('records nothing when the transaction that stores the file fails', async () => {
      const bytes = Buffer.from('rolled back');
      await expect(
        store().transaction(async (trx) => {
          await trx.files.insert(fileRecord('corpA', '@lA3', bytes), bytes);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store().files.find('corpA', '@lA3')).toBeUndefined();
      expect(await store().files.readBytes('corpA', sha256(bytes))).toBeUndefined();
    });
  });

  describe('download codes', () => {
    const code: DownloadCodeRecord = { corpId: 'corpA', downloadCode: 'dc1', robotCode: 'appA', mediaId: '@lA1', createdAt: 2_000 };

    it("finds a code of the corp, never another corp's", async () => {
      await store().files.insertDownloadCode(code);
      expect(await store().files.findDownloadCode('corpA', 'dc1')).toEqual(code);
      expect(await store().files.findDownloadCode('corpB', 'dc1')).toBeUndefined();
      expect(await store().files.findDownloadCode('corpA', 'unknown')).toBeUndefined();
    });

    it('refuses the same code twice in a corp', async () => {
      await store().files.insertDownloadCode(code);
      await expect(store().files.insertDownloadCode({ ...code, robotCode: 'suiteBot' })).rejects.toThrow();
      expect(await store().files.findDownloadCode('corpA', 'dc1')).toEqual(code);
    });
  });

  describe('purgeStoredBefore', () => {
    const stored = (corpId: string, mediaId: string, bytes: Buffer, createdAt: number): StoredFileRecord => ({ ...fileRecord(corpId, mediaId, bytes), createdAt });

    it('deletes the files of every corp stored before the cutoff with their download codes, and keeps the newer ones with their bytes', async () => {
      const shared = Buffer.from('old and new');
      const alone = Buffer.from('old only');
      await store().files.insert(stored('corpA', '@old', shared, 1_000), shared);
      await store().files.insert(stored('corpA', '@alone', alone, 1_000), alone);
      await store().files.insert(stored('corpB', '@oldB', alone, 2_000), alone);
      await store().files.insert(stored('corpA', '@new', shared, 3_000), shared);
      await store().files.insertDownloadCode({ corpId: 'corpA', downloadCode: 'dc-old', robotCode: 'appA', mediaId: '@old', createdAt: 1_000 });
      await store().files.insertDownloadCode({ corpId: 'corpA', downloadCode: 'dc-new', robotCode: 'appA', mediaId: '@new', createdAt: 3_000 });
      expect(await store().files.purgeStoredBefore(3_000, 10)).toBe(3);
      for (const [corpId, mediaId] of [['corpA', '@old'], ['corpA', '@alone'], ['corpB', '@oldB']] as const) expect(await store().files.find(corpId, mediaId)).toBeUndefined();
      expect(await store().files.findDownloadCode('corpA', 'dc-old')).toBeUndefined();
      expect(await store().files.findDownloadCode('corpA', 'dc-new')).toMatchObject({ mediaId: '@new' });
      expect(await store().files.find('corpA', '@new')).toEqual(stored('corpA', '@new', shared, 3_000));
      expect((await store().files.readBytes('corpA', sha256(shared)))?.equals(shared)).toBe(true);
      expect(await store().files.readBytes('corpA', sha256(alone))).toBeUndefined();
      expect(await store().files.purgeStoredBefore(3_000, 10)).toBe(0);
    });

    it('deletes at most `limit` files a call, the oldest first', async () => {
      for (const [mediaId, at] of [['@1', 1_000], ['@2', 2_000], ['@3', 3_000]] as const) await store().files.insert(stored('corpA', mediaId, Buffer.from(mediaId), at), Buffer.from(mediaId));
      expect(await store().files.purgeStoredBefore(10_000, 2)).toBe(2);
      expect(await store().files.find('corpA', '@3')).toBeDefined();
      expect(await store().files.purgeStoredBefore(10_000, 2)).toBe(1);
    });

    it('keeps the bytes an old file not purged yet still uses, when a batch purged another file with the same content', async () => {
      const shared = Buffer.from('two old files, one content');
      await store().files.insert(stored('corpA', '@first', shared, 1_000), shared);
      await store().files.insert(stored('corpA', '@second', shared, 2_000), shared);
      expect(await store().files.purgeStoredBefore(10_000, 1)).toBe(1);
      expect(await store().files.find('corpA', '@second')).toBeDefined();
      expect((await store().files.readBytes('corpA', sha256(shared)))?.equals(shared)).toBe(true);
    });
  });
});

/** Where the bytes are: the directory next to an SQLite file, the database's `file_blobs` on PostgreSQL. */
describe(`store.files purging bytes on ${BACKEND}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dingo-files-purge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the bytes no file uses any more, and keeps the bytes a newer file stored again', async () => {
    const location = await newLastingTestDatabase(join(dir, 'data', 'dingo.db'));
    const store = await openStore(location, TEST_SERVER_KEY);
    try {
      const gone = Buffer.from('purged with its file');
      const storedAgain = Buffer.from('stored again later');
      await store.files.insert({ ...fileRecord('corpA', '@gone', gone), createdAt: 1_000 }, gone);
      await store.files.insert({ ...fileRecord('corpA', '@again', storedAgain), createdAt: 1_000 }, storedAgain);
      await store.files.insert({ ...fileRecord('corpA', '@again2', storedAgain), createdAt: 5_000 }, storedAgain);
      expect(await store.files.purgeStoredBefore(3_000, 10)).toBe(2);
      const kept = async (bytes: Buffer): Promise<boolean> => {
        const hash = sha256(bytes);
        if (location.kind === 'sqlite') return existsSync(join(dir, 'data', 'files', hash.slice(0, 2), hash.slice(2)));
        return (await dumpDatabase(location)).file_blobs?.some((row) => row.sha256 === hash) ?? false;
      };
      expect(await kept(gone)).toBe(false);
      expect(await kept(storedAgain)).toBe(true);
      expect((await store.files.readBytes('corpA', sha256(storedAgain)))?.equals(storedAgain)).toBe(true);
    } finally {
      await store.close();
    }
  });
});
