import type { MouseEvent, ReactNode } from 'react';
import { navigate } from './location';

interface AppLinkProps {
  readonly to: string;
  readonly className?: string;
  readonly current?: boolean;
  readonly children: ReactNode;
}

/** A link inside the app: a real <a> (new tab, copy link, keyboard) that navigates without a reload. */
export function AppLink({ to, className, current = false, children }: AppLinkProps) {
  function follow(event: MouseEvent<HTMLAnchorElement>): void {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <a href={to} className={className} aria-current={current ? 'page' : undefined} onClick={follow}>
      {children}
    </a>
  );
}
