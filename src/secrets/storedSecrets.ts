import { createHmac, hkdfSync } from 'node:crypto';
import { SealedBox } from './sealedBox.js';
import { secretsMatch } from './secretsMatch.js';

/** A key of its own for one purpose, derived from the server key with HKDF-SHA256. */
export function subkeyOf(serverKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), `dingo/${purpose}`, 32));
}

/** Stored secrets that the server key does not open: the store was written under another key. */
export class WrongServerKeyError extends Error {
  override name = 'WrongServerKeyError';
  constructor(what: string) {
    super(`the server key does not open ${what}: start with the key this database was written with (docs/deployment.md, The server key)`);
  }
}

/**
 * How the store keeps secrets that a copy of the database must not reveal
 * (docs/architecture.md, Secrets at rest): those Dingo must use again (app and
 * suite secrets, custom robots' secrets and tokens, access tokens, server secrets)
 * sealed with AES-256-GCM under a subkey of the server key, bound to where they
 * are stored; those it looks up by value (access tokens, custom robot tokens)
 * also under an HMAC-SHA256 of another subkey, so a copy cannot be searched by guessing.
 */
export class StoredSecrets {
  private readonly box: SealedBox;
  private readonly lookupKey: Buffer;

  constructor(serverKey: Buffer) {
    this.box = new SealedBox(subkeyOf(serverKey, 'stored-secrets'));
    this.lookupKey = subkeyOf(serverKey, 'lookup');
  }

  /** `plain` sealed for the place `context` names (e.g. `app/<corpId>/<appKey>`). */
  seal(plain: string, context: string): string {
    return this.box.seal(plain, context);
  }

  /** `stored` when it already seals `plain` (so writing the same secret again changes no byte), else `plain` sealed anew. */
  resealed(stored: string | undefined, plain: string, context: string): string {
    const storedPlain = stored === undefined ? undefined : this.box.open(stored, context);
    return stored !== undefined && storedPlain !== undefined && secretsMatch(plain, storedPlain) ? stored : this.seal(plain, context);
  }

  /** What `seal(…, context)` sealed; throws a WrongServerKeyError when this key did not seal it there. */
  open(sealed: string, context: string): string {
    const plain = this.box.open(sealed, context);
    if (plain === undefined) throw new WrongServerKeyError(context);
    return plain;
  }

  /** What a secret is found by: HMAC-SHA256 of `value` under the lookup subkey, hex; `purpose` keeps kinds apart. */
  lookupHash(purpose: string, value: string): string {
    return createHmac('sha256', this.lookupKey).update(`${purpose}\n${value}`).digest('hex');
  }
}
