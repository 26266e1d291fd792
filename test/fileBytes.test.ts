import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectoryFileBytes } from '../src/store/directoryFileBytes.js';
import type { StoredFileRecord } from '../src/store/fileStore.js';
import { openStore } from '../src/store/openStore.js';
import type { Store } from '../src/store/store.js';
import { newTestDatabase } from './testDatabase.js';

const TEST_SERVER_KEY = randomBytes(32);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function fileRecord(corpId: string, mediaId: string, bytes: Buffer): StoredFileRecord {
  return { corpId, mediaId, sha256: sha256(bytes), kind: 'file', name: 'a.bin', contentType: 'application/octet-stream', size: bytes.length, createdAt: 1 };
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
    const store = await openStore(await newTestDatabase(), TEST_SERVER_KEY, join(dir, 'configured'));
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
    await bytes.write('corpA', hash, content);
    await bytes.write('corpB', hash, content);
    expect(readdirSync(root)).toEqual([hash.slice(0, 2)]);
    expect(readdirSync(join(root, hash.slice(0, 2)))).toEqual([hash.slice(2)]);
    expect(readFileSync(join(root, hash.slice(0, 2), hash.slice(2))).equals(content)).toBe(true);
    expect((await bytes.read('corpB', hash))?.equals(content)).toBe(true);
    await expect(bytes.write('corpA', '../../etc/passwd', content)).rejects.toThrow('not a sha256');
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
