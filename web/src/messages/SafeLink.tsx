import type { ReactNode } from 'react';
import { toLinkHref } from './safeUrl';

interface SafeLinkProps {
  readonly url: string;
  readonly className: string;
  readonly children: ReactNode;
}

/**
 * A link from a robot message: opens in a new tab when the URL passes the
 * client's policy (http, https, dingtalk://), otherwise the same content as
 * inert, visibly disabled text.
 */
export function SafeLink({ url, className, children }: SafeLinkProps) {
  const href = toLinkHref(url);
  if (href === null) {
    return (
      <span className={`${className} is-blocked`} aria-disabled="true" title={`Blocked link: ${url}`}>
        {children}
      </span>
    );
  }
  return (
    <a className={className} href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
