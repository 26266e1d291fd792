interface TableHeadProps {
  /** The column headers, in order. */
  readonly headers: readonly string[];
  /** Whether rows end with a cell of buttons: a last column, named "Actions" for screen readers only. */
  readonly actions?: boolean;
}

/** A table's header row. */
export function TableHead({ headers, actions = false }: TableHeadProps) {
  return (
    <thead>
      <tr>
        {headers.map((header) => (
          <th key={header} scope="col">
            {header}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
