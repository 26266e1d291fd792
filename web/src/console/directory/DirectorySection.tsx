import type { ReactNode } from 'react';
import type { ConsoleDirectory } from '../../api/contract';

interface DirectorySectionProps {
  readonly title: string;
  /** E.g. an "Add" button. */
  readonly actions?: ReactNode;
  readonly children: ReactNode;
}

/** One part of the directory (users, apps, …): a titled card. */
export function DirectorySection({ title, actions, children }: DirectorySectionProps) {
  const id = `directory-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <section className="directory-section" aria-labelledby={id}>
      <header className="directory-section__header">
        <h2 id={id} className="directory-section__title">
          {title}
        </h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** What an editable section gets: the directory, and where the directory a save answers goes. */
export interface EditableSectionProps {
  readonly directory: ConsoleDirectory;
  readonly onChange: (directory: ConsoleDirectory) => void;
}
