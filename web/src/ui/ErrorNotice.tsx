import type { ApiError } from '../api/client';

interface ErrorNoticeProps {
  readonly error: ApiError;
  /** What failed, e.g. "Could not load your chats". */
  readonly title?: string;
  readonly onRetry?: () => void;
}

/** A failed API call as the user sees it: what failed, the server's message and code, and a retry. */
export function ErrorNotice({ error, title, onRetry }: ErrorNoticeProps) {
  return (
    <div className="notice notice--error" role="alert">
      {title !== undefined && <strong className="notice__title">{title}</strong>}
      <span className="notice__message">{error.message}</span>
      <span className="notice__code">{error.code}</span>
      {onRetry !== undefined && (
        <button type="button" className="button button--small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
