/**
 * The keys of a batch of rows of several corps, grouped by corp: a purge deletes them with
 * `corp_id = ? and key in (…)`, one statement per corp, which every table's key serves.
 */
export function keysByCorp<Row extends { corp_id: string }>(rows: readonly Row[], key: (row: Row) => string): Map<string, string[]> {
  const byCorp = new Map<string, string[]>();
  for (const row of rows) {
    const keys = byCorp.get(row.corp_id);
    if (keys) keys.push(key(row));
    else byCorp.set(row.corp_id, [key(row)]);
  }
  return byCorp;
}
