/**
 * The database cannot be reached (or did not answer in time): nothing was written, and
 * the same request may succeed once it is back. The HTTP layer answers it 503
 * (docs/behaviour.md, Losing the database); the node keeps running and reconnects by itself.
 */
export class StoreUnavailable extends Error {
  override name = 'StoreUnavailable';
  constructor(readonly reason: string) {
    super(`the database is unavailable: ${reason}`);
  }
}

/** Socket errors of a connection that could not be made or was cut. */
const SOCKET_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * PostgreSQL's SQLSTATEs that mean "not now" rather than "wrong request": the server shuts down, crashed,
 * is starting, has no connection left, or cancelled a statement past `statement_timeout`; class 08 is
 * any connection exception.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014']);

/** node-postgres reports its own connection failures with these messages and no code. */
const DRIVER_CONNECTION_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/** Whether `error`, thrown by the PostgreSQL driver, means the database is out of reach rather than that the query is wrong. */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (SOCKET_ERROR_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isPostgresUnavailable);
  return DRIVER_CONNECTION_MESSAGES.some((message) => error.message.startsWith(message));
}
