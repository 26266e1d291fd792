/**
 * Where the bytes of stored files live, content-addressed by sha256: a directory
 * (DirectoryFileBytes: SQLite deployments, or any deployment given `--files-dir`)
 * or the database itself (KyselyFileBytes: PostgreSQL deployments by default).
 * Both keep one copy per content; `write` returns once the bytes are durable.
 */
export interface FileBytes {
  /** Whose files keep a copy alive: the corp's own (one copy per corp and content), or any corp's (one copy per content). */
  readonly sharedBy: 'corp' | 'deployment';
  /** Keeps the bytes (once per content) and marks them used at `at` (Dingo's clock), when a file is stored with them. */
  write(corpId: string, sha256: string, bytes: Buffer, at: number): Promise<void>;
  /** The bytes kept under `sha256`, or undefined when there are none. */
  read(corpId: string, sha256: string): Promise<Buffer | undefined>;
  /**
   * Deletes the bytes unless a file stored them at or after `before`; the caller has checked that no file
   * refers to them. Deleting bytes that are not there does nothing (several nodes may purge at once).
   */
  deleteUnusedSince(corpId: string, sha256: string, before: number): Promise<void>;
}
