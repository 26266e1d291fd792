import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
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

  async write(_corpId: string, sha256: string, bytes: Buffer): Promise<void> {
    const { dir, path } = this.locate(sha256);
    if (await exists(path)) return;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = join(dir, `.${randomBytes(8).toString('hex')}.partial`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    const directory = await open(dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
