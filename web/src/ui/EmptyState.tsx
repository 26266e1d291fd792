import type { ReactNode } from 'react';

/** A friendly placeholder where a list or pane has nothing to show. */
export function EmptyState({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__title">{title}</p>
      {children !== undefined && <div className="empty-state__text">{children}</div>}
    </div>
  );
}
