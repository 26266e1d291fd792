import type { ReactNode } from 'react';
import { TableHead } from '../../ui/TableHead';

/** One column of a directory table: its header, and what a row shows under it. */
export interface DirectoryColumn<Entry> {
  readonly header: string;
  /** The class of the column's cells, e.g. "mono" for codes. */
  readonly className?: string;
  readonly cell: (entry: Entry) => ReactNode;
}

export interface DirectoryTableProps<Entry> {
  readonly entries: readonly Entry[];
  readonly columns: ReadonlyArray<DirectoryColumn<Entry>>;
  /** Tells the rows apart, e.g. the user ID. */
  readonly entryKey: (entry: Entry) => string;
  /** Shown instead of the table when there are no entries. */
  readonly emptyText: string;
  /** The buttons at the end of each row, if the entries have any. */
  readonly rowActions?: (entry: Entry) => ReactNode;
}

/** The entries of a directory section (users, apps, …), a row each, or a line saying there are none. */
export function DirectoryTable<Entry>({ entries, columns, entryKey, emptyText, rowActions }: DirectoryTableProps<Entry>) {
  if (entries.length === 0) return <p className="muted">{emptyText}</p>;
  return (
    <table className="table">
      <TableHead headers={columns.map((column) => column.header)} actions={rowActions !== undefined} />
      <tbody>
        {entries.map((entry) => (
          <tr key={entryKey(entry)}>
            {columns.map((column) => (
              <td key={column.header} className={column.className}>
                {column.cell(entry)}
              </td>
            ))}
            {rowActions !== undefined && <td className="table__actions">{rowActions(entry)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
