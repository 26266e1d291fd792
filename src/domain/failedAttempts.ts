import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import { hashOfSecret } from './corpScopedSecret.js';
import { ApiError } from './errors.js';

/** What is guessed at: an internal app's appKey, a suite's suiteKey, a custom robot's token, a user's sign-in. */
export type AttemptKind = 'appKey' | 'suiteKey' | 'customRobot' | 'signIn';

/** The rule of docs/behaviour.md, Guessing: failures of one subject counted over 10 minutes of the injected clock. */
export const FAILURE_WINDOW_MS = 10 * 60_000;
/** The first 10 failures in the window are answered as usual, so a client's honest mistakes never slow it down. */
export const FREE_FAILURES = 10;
/** From the 11th to the 15th failure each attempt first waits: 100 ms more for each, at most 500 ms. */
const SLOWDOWN_STEP_MS = 100;
const SLOWDOWN_CAP_MS = 500;
/** After 15 failures in the window, attempts are refused unchecked until the oldest of them leaves it. */
export const LOCKING_FAILURES = 15;
/** At most this many attempts are kept, of all subjects (a spray of unknown appKeys cannot grow the table beyond it)... */
const KEPT_ATTEMPTS = 100_000;
/** ...trimmed every so many attempts on each node. */
const TRIM_EVERY = 1000;

export const TOO_MANY_FAILED_ATTEMPTS = 'Forbidden.AccessDenied.TooManyFailedAttempts';

const LOCKED_MESSAGES: Readonly<Record<AttemptKind, string>> = {
  appKey: '该appKey验证失败次数过多，请稍后重试',
  suiteKey: '该suiteKey验证失败次数过多，请稍后重试',
  customRobot: '该机器人安全设置校验失败次数过多，请稍后重试',
  signIn: 'Too many failed sign-ins for this user: try again later.',
};

/**
 * Slows down, then refuses, the guessing of one credential (docs/behaviour.md, Guessing). Every
 * attempt takes a place in the store first, counted as a failure unless its check succeeds, so
 * racing attempts on every node are counted before they are checked. A success gives its own
 * place back and nothing more: the failures before it stay counted until they leave the window.
 */
export class FailedAttempts {
  private attemptsSinceTrim = 0;

  constructor(
    private readonly store: Pick<Store, 'failedAttempts'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `attempt` at `subject` and answers its answer, a failure when `failed` says so (by default:
   * when it is undefined, the credential was wrong). Throws a 403 TOO_MANY_FAILED_ATTEMPTS without
   * running it while the subject is locked.
   */
  async check<T>(kind: AttemptKind, subject: string, attempt: () => Promise<T>, failed: (answer: T) => boolean = (answer) => answer === undefined): Promise<T> {
    const attemptId = randomUUID();
    const place = await this.store.failedAttempts.takePlace({ kind, subject: hashOfSecret(subject), attemptId }, this.clock.now(), { ms: FAILURE_WINDOW_MS, limit: LOCKING_FAILURES });
    await this.trimNowAndThen();
    if (!place) throw new ApiError(403, TOO_MANY_FAILED_ATTEMPTS, LOCKED_MESSAGES[kind]);
    if (place.countedBefore >= FREE_FAILURES) await sleep(Math.min(SLOWDOWN_STEP_MS * (place.countedBefore - FREE_FAILURES + 1), SLOWDOWN_CAP_MS));
    let answer: T;
    try {
      answer = await attempt();
    } catch (error) {
      // Not a wrong credential (the store away, say): no failure.
      await this.store.failedAttempts.givePlaceBack(attemptId);
      throw error;
    }
    if (!failed(answer)) await this.store.failedAttempts.givePlaceBack(attemptId);
    return answer;
  }

  private async trimNowAndThen(): Promise<void> {
    if (++this.attemptsSinceTrim < TRIM_EVERY) return;
    this.attemptsSinceTrim = 0;
    await this.store.failedAttempts.keepNewest(KEPT_ATTEMPTS);
  }
}
