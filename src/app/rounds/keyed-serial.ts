/**
 * Runs tasks one after another per key (a round id) within this process, so a timer and an answer never
 * interleave their reads and writes of one round. Across processes the database's conditional updates
 * decide; this only keeps one process from racing itself.
 */
export class KeyedSerial {
  private readonly tails = new Map<number, Promise<unknown>>();

  run<T>(key: number, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
