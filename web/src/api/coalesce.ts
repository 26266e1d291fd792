/**
 * Wraps an async task so that calls while it runs do not pile up: they make
 * it run exactly once more when the current run ends. A burst of live events
 * thus costs at most two fetches, and the last one sees the newest state.
 */
export function coalesce(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;

  async function loop(): Promise<void> {
    try {
      do {
        again = false;
        await task();
      } while (again);
    } finally {
      running = null;
    }
  }

  return () => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };
}
