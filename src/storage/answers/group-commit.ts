/**
 * Group commit: callers hand in one item each and wait for its own result, while items that arrive
 * together are written in one transaction. The first item of a quiet moment is written at once (no added
 * wait); items arriving while writes are in flight queue up and go together in the next one. Under load a
 * thousand answers cost a handful of transactions and commits instead of a thousand, and nobody's answer
 * waits longer than one write in flight plus its own.
 */
export interface GroupCommitOptions<Item, Outcome> {
  /** Writes a batch in one transaction; returns one outcome per item, in order. */
  readonly write: (items: readonly Item[]) => Promise<readonly Outcome[]>;
  /** Most items in one write: bounds a statement's size and the time its row locks are held. */
  readonly maxBatch: number;
  /** Writes in flight at once (each holds a pooled connection). */
  readonly maxConcurrent: number;
  /**
   * Whether a failed batch should be written again item by item: true for failures one item could cause
   * (bad data), false for ones that fail every item alike (the database is unreachable). Items written
   * alone are never retried.
   */
  readonly retryAlone: (error: unknown) => boolean;
}

interface Pending<Item, Outcome> {
  readonly item: Item;
  readonly resolve: (outcome: Outcome) => void;
  readonly reject: (error: unknown) => void;
  /** Written in a batch of its own: its batch failed in a way one item could have caused. */
  readonly alone?: true;
}

export class GroupCommit<Item, Outcome> {
  private queue: Pending<Item, Outcome>[] = [];
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];

  constructor(private readonly options: GroupCommitOptions<Item, Outcome>) {}

  /** Resolves once the item's batch has committed (or rejects when it could not be written). */
  submit(item: Item): Promise<Outcome> {
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Resolves when nothing is queued or being written. */
  async drained(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxConcurrent) {
      const batch = this.takeBatch();
      this.inFlight += 1;
      void this.writeBatch(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
        if (this.queue.length === 0 && this.inFlight === 0) {
          for (const wake of this.idleWaiters.splice(0)) wake();
        }
      });
    }
  }

  private takeBatch(): Pending<Item, Outcome>[] {
    if (this.queue[0]?.alone) return this.queue.splice(0, 1);
    const firstAlone = this.queue.findIndex((pending) => pending.alone);
    const size = Math.min(this.options.maxBatch, firstAlone < 0 ? this.queue.length : firstAlone);
    return this.queue.splice(0, size);
  }

  private async writeBatch(batch: readonly Pending<Item, Outcome>[]): Promise<void> {
    try {
      const outcomes = await this.options.write(batch.map((pending) => pending.item));
      if (outcomes.length !== batch.length) {
        throw new Error(`a batch of ${batch.length} items returned ${outcomes.length} outcomes`);
      }
      for (const [index, pending] of batch.entries()) pending.resolve(outcomes[index] as Outcome);
    } catch (error) {
      if (batch.length > 1 && this.options.retryAlone(error)) {
        // One bad item must not sink its neighbours: each goes again on its own, ahead of newer items.
        this.queue.unshift(...batch.map((pending) => ({ ...pending, alone: true as const })));
        return;
      }
      for (const pending of batch) pending.reject(error);
    }
  }
}
