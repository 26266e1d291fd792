/**
 * Where the bytes of stored files live, content-addressed by sha256: a directory
 * (DirectoryFileBytes: SQLite deployments, or any deployment given `--files-dir`)
 * or the database itself (KyselyFileBytes: PostgreSQL deployments by default).
 * Both keep one copy per content; `write` returns once the bytes are durable.
 */
export interface FileBytes {
  write(corpId: string, sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes kept under `sha256`, or undefined when there are none. */
  read(corpId: string, sha256: string): Promise<Buffer | undefined>;
}
