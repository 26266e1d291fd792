import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DownloadCodeRecord, StoredFileRecord } from '../../src/store/fileStore.js';
import { BACKEND, useStore } from './storeFixtures.js';

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
});
