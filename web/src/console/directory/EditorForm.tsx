import type { FormEvent, ReactNode } from 'react';
import { useAction } from '../../api/useAction';
import { ErrorNotice } from '../../ui/ErrorNotice';

interface EditorFormProps {
  readonly title: string;
  /** Saves what the fields hold; a rejection is shown in the form, which stays open. */
  readonly onSave: () => Promise<unknown>;
  /** Closes the form: after a successful save, or on Cancel. */
  readonly onDone: () => void;
  readonly children: ReactNode;
}

/** The add/edit form of a directory entry: its fields, Save and Cancel, and the server's error. */
export function EditorForm({ title, onSave, onDone, children }: EditorFormProps) {
  const save = useAction(onSave);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (await save.run()) onDone();
  }

  return (
    <form className="editor" aria-label={title} onSubmit={(event) => void submit(event)}>
      <h3 className="editor__title">{title}</h3>
      <div className="editor__fields">{children}</div>
      {save.error !== null && <ErrorNotice error={save.error} />}
      <div className="editor__actions">
        <button type="submit" className="button button--primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
