import type { Clock } from "../../src/domain/ports/clock.js";
import type { Timers } from "../../src/domain/ports/timers.js";

/**
 * A clock that moves only when a test says so, and timers that fire when it passes their instant.
 * Tasks fire in time order; async work they start is awaited with `eventually`.
 */
export class ManualTime implements Clock, Timers {
  private current: number;
  private readonly tasks: { at: number; task: () => void; id: number }[] = [];
  private nextId = 1;

  constructor(start: Date) {
    this.current = start.getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  at(when: Date, task: () => void): () => void {
    const id = this.nextId++;
    this.tasks.push({ at: when.getTime(), task, id });
    return () => {
      const index = this.tasks.findIndex((entry) => entry.id === id);
      if (index >= 0) this.tasks.splice(index, 1);
    };
  }

  /** Moves time forward, running every task that falls due on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      this.tasks.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.tasks[0];
      if (!next || next.at > target) break;
      this.tasks.shift();
      this.current = Math.max(this.current, next.at);
      next.task();
    }
    this.current = target;
  }
}

/** Polls until `check` stops throwing (real time), for effects of async work started by timers. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
