import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryFileBytes } from '../src/store/directoryFileBytes.js';
import type { FileBytes } from '../src/store/fileBytes.js';
import type { StoredFileRecord } from '../src/store/fileStore.js';
import { KyselyFileBytes } from '../src/store/kysely/kyselyFileBytes.js';
import { openStore } from '../src/store/openStore.js';
import { openSqlite } from '../src/store/sqlite/openSqlite.js';
import type { Database } from '../src/store/schema.js';
import type { Store } from '../src/store/store.js';
import { newLastingTestDatabase, newTestDatabase } from './testDatabase.js';

const TEST_SERVER_KEY = randomBytes(32);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function fileRecord(corpId: string, mediaId: string, bytes: Buffer): StoredFileRecord {
  return { corpId, mediaId, sha256: sha256(bytes), kind: 'file', name: 'a.bin', contentType: 'application/octet-stream', size: bytes.length, createdAt: 1 };
}

/** Bytes used at 1 000 only are deleted with a cutoff of 3 000; bytes stored again at 5 000 stay. */
async function expectDeletesOnlyUnused(bytes: FileBytes): Promise<{ old: Buffer; again: Buffer }> {
  const old = Buffer.from('used at 1 000 only');
  const again = Buffer.from('used at 1 000, then at 5 000');
  await bytes.write('corpA', sha256(old), old, 1_000);
  await bytes.write('corpA', sha256(again), again, 1_000);
  await bytes.write('corpA', sha256(again), again, 5_000);
  await bytes.deleteUnusedSince('corpA', sha256(old), 3_000);
  await bytes.deleteUnusedSince('corpA', sha256(again), 3_000);
  expect(await bytes.read('corpA', sha256(old))).toBeUndefined();
  expect((await bytes.read('corpA', sha256(again)))?.equals(again)).toBe(true);
  return { old, again };
}

/**
 * The file store with its bytes in a configured directory (`--files-dir`), on the test
 * project's database. Its own place (a temporary directory for an in-memory SQLite, the
 * database for PostgreSQL) is the store conformance suite's (test/store/files.test.ts).
 */
const dir = mkdtempSync(join(tmpdir(), 'dingo-files-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file store, bytes in a configured directory', () => {
  async function withStore(work: (store: Store) => Promise<void>) {
    const store = await openStore(await newTestDatabase(), TEST_SERVER_KEY, { filesDir: join(dir, 'configured') });
    try {
      await work(store);
    } finally {
      await store.close();
    }
  }

  it('keeps bytes by content in the directory and reads them back exactly', () =>
    withStore(async (store) => {
      const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
      await store.files.insert(fileRecord('corpA', '@lA1', bytes), bytes);
      await store.files.insert(fileRecord('corpA', '@lA2', bytes), bytes); // same content, second media id
      expect(await store.files.find('corpA', '@lA2')).toEqual(fileRecord('corpA', '@lA2', bytes));
      expect(readFileSync(join(dir, 'configured', sha256(bytes).slice(0, 2), sha256(bytes).slice(2))).equals(bytes)).toBe(true);
      expect((await store.files.readBytes('corpA', sha256(bytes)))?.equals(bytes)).toBe(true);
      // One copy for every corp, but a corp reads only the content of its own files.
      expect(await store.files.readBytes('corpB', sha256(bytes))).toBeUndefined();
    }));

  it('records nothing when the transaction that stores the file fails', () =>
    withStore(async (store) => {
      const bytes = Buffer.from('rolled back');
      await expect(
        store.transaction(async (trx) => {
          await trx.files.insert(fileRecord('corpA', '@lA3', bytes), bytes);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await store.files.find('corpA', '@lA3')).toBeUndefined();
      expect(await store.files.readBytes('corpA', sha256(bytes))).toBeUndefined();
    }));
});

describe('DirectoryFileBytes', () => {
  it('lays bytes out as ab/cdef… by sha256, once per content, with no temporary file left', async () => {
    const root = join(dir, 'layout');
    const bytes = new DirectoryFileBytes(root);
    const content = Buffer.from('hello files');
    const hash = sha256(content);
    await bytes.write('corpA', hash, content, 1);
    await bytes.write('corpB', hash, content, 1);
    expect(readdirSync(root)).toEqual([hash.slice(0, 2)]);
    expect(readdirSync(join(root, hash.slice(0, 2)))).toEqual([hash.slice(2)]);
    expect(readFileSync(join(root, hash.slice(0, 2), hash.slice(2))).equals(content)).toBe(true);
    expect((await bytes.read('corpB', hash))?.equals(content)).toBe(true);
    await expect(bytes.write('corpA', '../../etc/passwd', content, 1)).rejects.toThrow('not a sha256');
  });

  it('deletes bytes not used since the cutoff, keeps bytes stored again since, and takes bytes already gone in its stride', async () => {
    const bytes = new DirectoryFileBytes(join(dir, 'purge'));
    const { old, again } = await expectDeletesOnlyUnused(bytes);
    await bytes.deleteUnusedSince('corpA', sha256(old), 3_000); // another node purged them first
    // Nothing left aside: only the kept bytes remain.
    expect(readdirSync(join(dir, 'purge', sha256(old).slice(0, 2)))).toEqual([]);
    expect(readdirSync(join(dir, 'purge', sha256(again).slice(0, 2)))).toEqual([sha256(again).slice(2)]);
  });

  it('gives an in-memory database a temporary directory that goes when the store closes', async () => {
    const temporary = await DirectoryFileBytes.temporary();
    expect(existsSync(temporary.root)).toBe(true);
    await temporary.remove();
    expect(existsSync(temporary.root)).toBe(false);
  });

  it('keeps an SQLite database file\'s bytes in files/ next to it', async () => {
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'data', 'dingo.db') }, TEST_SERVER_KEY);
    try {
      const content = Buffer.from('next to the database');
      await store.files.insert(fileRecord('corpA', '@lA4', content), content);
      expect(existsSync(join(dir, 'data', 'files', sha256(content).slice(0, 2), sha256(content).slice(2)))).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('KyselyFileBytes', () => {
  it('deletes bytes not used since the cutoff, and keeps bytes stored again since', async () => {
    const location = await newLastingTestDatabase(join(dir, 'blobs.db'));
    await (await openStore(location, TEST_SERVER_KEY)).close(); // migrated
    const { db, stopBackgroundWork } =
      location.kind === 'sqlite'
        ? openSqlite(location.file, 'normal')
        : { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: location.url }) }) }), stopBackgroundWork: async () => {} };
    try {
      await expectDeletesOnlyUnused(new KyselyFileBytes(db, location.kind));
    } finally {
      await stopBackgroundWork();
      await db.destroy();
    }
  });
});
