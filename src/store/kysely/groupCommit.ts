import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** At most this many transactions share one commit, so a steady stream of them still commits often. */
const MAX_UNITS_PER_COMMIT = 64;

const SAVEPOINT = CompiledQuery.raw('savepoint group_commit_unit');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to group_commit_unit');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release group_commit_unit');

interface Unit {
  work: (trx: Kysely<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, for SQLite (one writer, so its transactions run one after the other anyway):
 * the transactions asked for within one turn of the event loop run as units of one real
 * transaction, one after the other, each in its own SAVEPOINT. A unit that fails is rolled back
 * to its savepoint alone and its caller rejected at once; the others are answered only after the
 * shared COMMIT, so a resolved transaction is a committed one. If the shared transaction itself
 * fails (its commit, a lost savepoint), every unit in it is rejected: none of them is written.
 */
export class GroupCommit {
  private readonly waiting: Unit[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<Database>) {}

  run<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) {
        this.draining = true;
        // After this turn's other requests have asked for theirs too.
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) await this.commitOneGroup(this.waiting.splice(0, MAX_UNITS_PER_COMMIT));
    this.draining = false;
  }

  private async commitOneGroup(units: Unit[]): Promise<void> {
    const succeeded: Array<{ unit: Unit; value: unknown }> = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const unit of units) {
          await trx.executeQuery(SAVEPOINT);
          try {
            succeeded.push({ unit, value: await unit.work(trx) });
          } catch (error) {
            unit.reject(error);
            await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
          }
          await trx.executeQuery(RELEASE_SAVEPOINT);
        }
      });
    } catch (error) {
      for (const unit of units) unit.reject(error);
      return;
    }
    for (const { unit, value } of succeeded) unit.resolve(value);
  }
}
