import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';

export interface Action<A extends unknown[]> {
  /** Runs the action; resolves true when it succeeded, false when it failed (see `error`). */
  run(...args: A): Promise<boolean>;
  readonly pending: boolean;
  readonly error: ApiError | null;
  clearError(): void;
}

/** A user-triggered API call (a form's submit, a button) with its pending and error state. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<unknown>): Action<A> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const actionRef = useRef(action);
  actionRef.current = action;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async (...args: A) => {
    setPending(true);
    setError(null);
    try {
      await actionRef.current(...args);
      return true;
    } catch (caught) {
      if (mounted.current) {
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'client', caught instanceof Error ? caught.message : String(caught)));
      }
      return false;
    } finally {
      if (mounted.current) setPending(false);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}
