import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { coalesce } from './coalesce';
import { ApiError } from './client';

export interface Resource<T> {
  /** The last data loaded, kept while a reload runs or after a reload failed. */
  readonly data: T | null;
  /** The last load's error, cleared by the next successful load. */
  readonly error: ApiError | null;
  /** True until the first load settles. */
  readonly loading: boolean;
  /** Loads again (coalesced: calls during a load cause one more load). */
  reload(): void;
  /** Replaces the data with what a mutation answered. */
  replace(data: T): void;
}

interface ResourceState<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
}

const INITIAL: ResourceState<never> = { data: null, error: null, loading: true };

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'client', error instanceof Error ? error.message : String(error));
}

/** Data from the API: loaded when `deps` change (starting from nothing), and again on reload(). */
export function useResource<T>(load: () => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<ResourceState<T>>(INITIAL);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reloadRef = useRef<() => void>(() => {});

  useEffect(() => {
    let current = true;
    setState(INITIAL);
    const run = coalesce(async () => {
      try {
        const data = await loadRef.current();
        if (current) setState({ data, error: null, loading: false });
      } catch (error) {
        if (current) setState((previous) => ({ data: previous.data, error: asApiError(error), loading: false }));
      }
    });
    reloadRef.current = () => void run();
    void run();
    return () => {
      current = false;
      reloadRef.current = () => {};
    };
  }, deps); // the caller's deps decide when to start over

  const reload = useCallback(() => reloadRef.current(), []);
  const replace = useCallback((data: T) => setState({ data, error: null, loading: false }), []);
  return { ...state, reload, replace };
}
