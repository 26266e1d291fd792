import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DingoConfig } from '../config.js';

/** 256 random bits: the server key, from which every key Dingo keeps its secrets under is derived (HKDF). */
export const SERVER_KEY_BYTES = 32;

/** Where the server key comes from (docs/deployment.md, The server key). */
export type ServerKeySource =
  /** A file holding the key in base64; created (mode 0600) when missing, never overwritten. */
  | { kind: 'file'; path: string }
  /** The key itself, base64 (`DINGO_SECRET_KEY`). */
  | { kind: 'value'; base64: string }
  /** A new key for this process only: an in-memory database keeps nothing anyway. */
  | { kind: 'ephemeral' };

/** The server key's source: `DINGO_SECRET_KEY`, else `--secret-key-file`, else `secret.key` next to the SQLite file (`.dingo/secret.key` with PostgreSQL). */
export function serverKeySourceOf(config: Pick<DingoConfig, 'secretKey' | 'secretKeyFile' | 'db'>): ServerKeySource {
  if (config.secretKey !== undefined) return { kind: 'value', base64: config.secretKey };
  if (config.secretKeyFile !== undefined) return { kind: 'file', path: config.secretKeyFile };
  if (config.db.kind === 'postgres') return { kind: 'file', path: join('.dingo', 'secret.key') };
  return config.db.file === ':memory:' ? { kind: 'ephemeral' } : { kind: 'file', path: join(dirname(config.db.file), 'secret.key') };
}

/** A key that cannot be read or used; the message names the source. */
export class ServerKeyError extends Error {
  override name = 'ServerKeyError';
}

/** The server key of `source`, creating its file when missing (mode 0600; of nodes starting together, one creates it and all read it). */
export function loadServerKey(source: ServerKeySource): Buffer {
  if (source.kind === 'ephemeral') return randomBytes(SERVER_KEY_BYTES);
  if (source.kind === 'value') return decodeKey(source.base64, 'DINGO_SECRET_KEY');
  return decodeKey(readOrCreateKeyFile(source.path), source.path);
}

/** A new key as its file holds it (base64 and a newline), e.g. for `dingo rotate-key`. */
export function newServerKeyText(): string {
  return `${randomBytes(SERVER_KEY_BYTES).toString('base64')}\n`;
}

/** Writes `text` to a new file at `path`, mode 0600; false when a file is already there (it is never overwritten). */
export function createKeyFile(path: string, text: string): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Written whole under a name of its own, then linked into place: a node starting at the same
  // time either wins the link or finds the complete file, never half of one.
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
  writeFileSync(draft, text, { mode: 0o600, flag: 'wx' });
  chmodSync(draft, 0o600);
  try {
    linkSync(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

function readOrCreateKeyFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ServerKeyError(`cannot read the server key file ${path}: ${(error as Error).message}`);
  }
  createKeyFile(path, newServerKeyText());
  return readFileSync(path, 'utf8');
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== SERVER_KEY_BYTES || key.toString('base64') !== trimmed) {
    throw new ServerKeyError(`${source} must hold a server key: ${SERVER_KEY_BYTES} bytes in base64 (e.g. from \`openssl rand -base64 32\`)`);
  }
  return key;
}
