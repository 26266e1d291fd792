import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.js';

/** Password verifications (scrypt, tens of milliseconds of a libuv thread each) running at once, of all clients. */
const CONCURRENT_VERIFICATIONS = 2;

/**
 * The sign-in password checks (docs/behaviour.md, Guessing): an unknown user, or one without a
 * password, costs the same scrypt as a wrong password (against a hash of a random password made
 * once), so neither the answer nor its time tells who exists. At most two run at once, taken in
 * turn from each client address's own queue: many wrong sign-ins from one address wait behind
 * each other, not in front of another address's sign-in.
 */
export class PasswordVerifications {
  /** `verifyPassword` (passwords.ts), or a test's stand-in that records what it was given. */
  constructor(private readonly verifyHash: (password: string, hash: string) => Promise<boolean> = verifyPassword) {}

  private running = 0;
  /** Waiting verifications by client address, in the order the addresses get their next turn. */
  private readonly waiting = new Map<string, Array<() => void>>();
  /** The hash of a random password, checked for users without one: made at start, so no sign-in pays for it. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('base64url'));

  /** Whether `password` matches `hash`; false after the same work when there is no hash. */
  async verify(client: string, password: string, hash: string | null): Promise<boolean> {
    const against = hash ?? (await this.dummyHash);
    await this.turnOf(client);
    try {
      const matches = await this.verifyHash(password, against);
      return matches && hash !== null;
    } finally {
      this.running--;
      this.startNext();
    }
  }

  private turnOf(client: string): Promise<void> {
    if (this.running < CONCURRENT_VERIFICATIONS && this.waiting.size === 0) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((start) => {
      const queue = this.waiting.get(client) ?? [];
      queue.push(start);
      this.waiting.set(client, queue);
    });
  }

  /** Starts the next verification of the address whose turn it is; that address goes to the back of the line. */
  private startNext(): void {
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [client, queue] = next.value;
    this.waiting.delete(client);
    const start = queue.shift() as () => void;
    if (queue.length > 0) this.waiting.set(client, queue);
    this.running++;
    start();
  }
}
