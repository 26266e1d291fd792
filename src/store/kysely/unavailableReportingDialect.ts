import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { StoreUnavailable } from '../storeUnavailable.js';

/**
 * `dialect` with one change: every error of its driver that `isUnavailable` recognises
 * (a refused or cut connection, a timeout) is thrown as StoreUnavailable. The one place
 * where driver errors become a store error: the layers above never see a driver's errors.
 */
export function reportingUnavailable(dialect: Dialect, isUnavailable: (error: unknown) => boolean): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createDriver: () => new UnavailableReportingDriver(dialect.createDriver(), isUnavailable),
  };
}

class UnavailableReportingDriver implements Driver {
  constructor(
    private readonly driver: Driver,
    private readonly isUnavailable: (error: unknown) => boolean,
  ) {}

  init(): Promise<void> {
    return this.reporting(() => this.driver.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new UnavailableReportingConnection(await this.reporting(() => this.driver.acquireConnection()), this);
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.reporting(() => this.driver.beginTransaction(innerOf(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.reporting(() => this.driver.commitTransaction(innerOf(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.reporting(() => this.driver.rollbackTransaction(innerOf(connection)));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }

  /** Runs `work`, throwing StoreUnavailable instead of the driver's error when the database is out of reach. */
  async reporting<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof StoreUnavailable || !this.isUnavailable(error)) throw error;
      throw new StoreUnavailable((error as Error).message || String((error as Error & { code?: string }).code));
    }
  }
}

class UnavailableReportingConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly driver: UnavailableReportingDriver,
  ) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.reporting(() => this.inner.executeQuery<R>(query));
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const results = this.inner.streamQuery<R>(query, chunkSize);
    while (true) {
      const next = await this.driver.reporting(() => results.next());
      if (next.done) return;
      yield next.value;
    }
  }
}

function innerOf(connection: DatabaseConnection): DatabaseConnection {
  return connection instanceof UnavailableReportingConnection ? connection.inner : connection;
}
