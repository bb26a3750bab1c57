/**
 * Slack redelivers an event it thinks went unanswered (`x-slack-retry-num`, the same `event_id`), and a
 * Socket Mode reconnect can replay an envelope. This remembers delivery ids for a while so a redelivery is
 * dropped before it reaches the app. It is only the first line: the database's unique answer constraints
 * are the real guard (several processes, restarts).
 */
export class SeenDeliveries {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs: number = 15 * 60_000,
    private readonly maxSize: number = 50_000,
  ) {}

  /** True the first time an id is offered within the TTL; false for a repeat. */
  firstTime(id: string, nowMs: number): boolean {
    const expiry = this.seen.get(id);
    if (expiry !== undefined && expiry > nowMs) return false;
    if (this.seen.size >= this.maxSize) this.prune(nowMs);
    this.seen.set(id, nowMs + this.ttlMs);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [id, expiry] of this.seen) {
      if (expiry <= nowMs) this.seen.delete(id);
    }
    // Still full of live ids: forget the oldest (Map keeps insertion order) rather than grow without bound.
    for (const id of this.seen.keys()) {
      if (this.seen.size < this.maxSize) break;
      this.seen.delete(id);
    }
  }
}
