import pg from 'pg';

/** The name of each hot statement's text, given in the order they were registered. */
const namesByText = new Map<string, string>();

/**
 * `text`, registered to run as a named prepared statement on every PostgreSQL connection: parsed and
 * planned once per connection rather than on every call. For the request path's statements of
 * fixed text only, each naming its columns: a `select *` prepared before a migration adds a column
 * would fail after it ("cached plan must not change result type") on the nodes that prepared it.
 */
export function namedOnPostgres(text: string): string {
  if (!namesByText.has(text)) namesByText.set(text, `dingo_${namesByText.size + 1}`);
  return text;
}

/**
 * The pool's client: a query whose text was registered by namedOnPostgres goes out as that named
 * statement (pg prepares it on the connection's first use of it); any other as it came.
 */
export class NamingClient extends pg.Client {
  // pg's overloads of query cannot be restated one by one; each call is handed on unchanged but for the name.
  override query(config: any, values?: any, callback?: any): any {
    const name = typeof config === 'string' ? namesByText.get(config) : undefined;
    if (name === undefined) return super.query(config, values, callback);
    return super.query({ name, text: config, values: Array.isArray(values) ? values : undefined }, typeof values === 'function' ? values : callback);
  }
}
