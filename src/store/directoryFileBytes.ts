import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, open, readFile, rename, rm, stat, unlink, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileBytes } from './fileBytes.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * File bytes in a directory: `<root>/ab/cdef…` for the sha256 `abcdef…`, shared by
 * every corp (identical content is kept once). A write goes to a temporary name
 * in the same directory, is fsynced, renamed into place and the directory fsynced,
 * so bytes a 200 answered for survive a crash, and a reader never sees half a file.
 */
export class DirectoryFileBytes implements FileBytes {
  constructor(readonly root: string) {}

  /** A fresh directory under the system's temporary directory (for an in-memory database); `remove()` deletes it. */
  static async temporary(): Promise<DirectoryFileBytes> {
    return new DirectoryFileBytes(await mkdtemp(join(tmpdir(), 'dingo-files-')));
  }

  readonly sharedBy = 'deployment';

  async write(_corpId: string, sha256: string, bytes: Buffer, at: number): Promise<void> {
    const { dir, path } = this.locate(sha256);
    // Bytes kept already are marked used now (their modification time), so a purge racing this write keeps them.
    if (await markUsed(path, at)) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = join(dir, `.${randomBytes(8).toString('hex')}.partial`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await markUsed(temporary, at);
    await rename(temporary, path);
    const directory = await open(dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  }

  /**
   * The bytes are moved aside first, then looked at again: a write that marked them used before the move
   * shows in the moved copy, which goes back; one after the move finds them gone and writes them anew.
   */
  async deleteUnusedSince(_corpId: string, sha256: string, before: number): Promise<void> {
    const { dir, path } = this.locate(sha256);
    if (!((await lastUsed(path)) < before)) return;
    const aside = join(dir, `.${randomBytes(8).toString('hex')}.purged`);
    try {
      await rename(path, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another node purged them first
      throw error;
    }
    if ((await lastUsed(aside)) < before) await unlink(aside);
    else await rename(aside, path); // the same content as any copy written meanwhile
  }

  async read(_corpId: string, sha256: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.locate(sha256).path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  /** Deletes the directory and everything in it. */
  async remove(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  private locate(sha256: string): { dir: string; path: string } {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a sha256: ${JSON.stringify(sha256)}`);
    const dir = join(this.root, sha256.slice(0, 2));
    return { dir, path: join(dir, sha256.slice(2)) };
  }
}

/** Sets the file's modification time to `at`; false when there is no such file. */
async function markUsed(path: string, at: number): Promise<boolean> {
  try {
    await utimes(path, new Date(at), new Date(at));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** When the bytes were last stored by a file (their modification time); infinitely recent when they are gone. */
async function lastUsed(path: string): Promise<number> {
  try {
    return (await stat(path)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Number.POSITIVE_INFINITY;
    throw error;
  }
}
