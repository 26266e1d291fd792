import { Fragment, useState, type ReactNode } from 'react';
import { DirectorySection } from './DirectorySection';
import { DirectoryTable, type DirectoryTableProps } from './DirectoryTable';

interface EditableDirectorySectionProps<Entry extends object> extends Omit<DirectoryTableProps<Entry>, 'rowActions'> {
  readonly title: string;
  /** The text of the button that opens the form for a new entry, e.g. "Add user". */
  readonly addLabel: string;
  /** Names a row's Edit button for screen readers: "Edit <name>". */
  readonly entryName: (entry: Entry) => string;
  /** The form that adds (entry null) or edits an entry; it calls `onDone` to close. */
  readonly renderEditor: (entry: Entry | null, onDone: () => void) => ReactNode;
}

/** A directory section whose entries can be added and edited: an Add button, the open form, and the table with an Edit button a row. */
export function EditableDirectorySection<Entry extends object>({
  title,
  addLabel,
  entryName,
  renderEditor,
  ...table
}: EditableDirectorySectionProps<Entry>) {
  const [editing, setEditing] = useState<Entry | 'new' | null>(null);
  return (
    <DirectorySection
      title={title}
      actions={
        <button type="button" className="button button--small" onClick={() => setEditing('new')}>
          {addLabel}
        </button>
      }
    >
      {editing !== null && (
        // Keyed by entry, so switching to another entry starts a fresh form.
        <Fragment key={editing === 'new' ? '' : table.entryKey(editing)}>
          {renderEditor(editing === 'new' ? null : editing, () => setEditing(null))}
        </Fragment>
      )}
      <DirectoryTable
        {...table}
        rowActions={(entry) => (
          <button type="button" className="button button--small" onClick={() => setEditing(entry)} aria-label={`Edit ${entryName(entry)}`}>
            Edit
          </button>
        )}
      />
    </DirectorySection>
  );
}
