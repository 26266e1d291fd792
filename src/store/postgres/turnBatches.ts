import { StoreUnavailable } from '../storeUnavailable.js';

/** At most this many items share one statement. */
const MAX_ITEMS_PER_BATCH = 64;

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for PostgreSQL's single statements: the items asked for within one turn of the event
 * loop are written by one statement (`writeAll`, one commit, answering each item in their order), and each
 * caller is answered once it has committed. A statement is atomic, so a batch is written whole or not at all; if it fails for any
 * reason but a lost database, its items are written again one by one (`writeOne`), so that an item
 * that cannot be written fails alone. Batches of successive turns run side by side, each on its own connection.
 */
export class TurnBatches<Item, Result = void> {
  private waiting: Array<Waiting<Item, Result>> = [];

  constructor(
    private readonly writeAll: (items: Item[]) => Promise<Result[]>,
    private readonly writeOne: (item: Item) => Promise<Result>,
  ) {}

  write(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // After this turn's other requests have asked for theirs too.
      if (this.waiting.length === 1) setImmediate(() => this.writeWaiting());
    });
  }

  private writeWaiting(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (let start = 0; start < waiting.length; start += MAX_ITEMS_PER_BATCH) void this.writeBatch(waiting.slice(start, start + MAX_ITEMS_PER_BATCH));
  }

  private async writeBatch(batch: Array<Waiting<Item, Result>>): Promise<void> {
    try {
      const results = batch.length === 1 ? [await this.writeOne((batch[0] as Waiting<Item, Result>).item)] : await this.writeAll(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i] as Result));
    } catch (error) {
      if (batch.length === 1 || error instanceof StoreUnavailable) for (const w of batch) w.reject(error);
      else for (const w of batch) this.writeOne(w.item).then(w.resolve, w.reject);
    }
  }
}
