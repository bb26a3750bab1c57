import type { Clock } from "./clock.js";

/** Runs a task at an instant; tests substitute a manual version that advances a fake clock. */
export interface Timers {
  /** Returns a function that cancels the task if it has not run yet. */
  at(when: Date, task: () => void): () => void;
}

/** `setTimeout` against a clock; long delays are chained because Node caps one timeout at ~24.8 days. */
export function systemTimers(clock: Clock): Timers {
  return {
    at(when, task) {
      let handle: NodeJS.Timeout | undefined;
      const arm = () => {
        const delay = when.getTime() - clock.now().getTime();
        const step = Math.min(Math.max(0, delay), 2 ** 31 - 1);
        handle = setTimeout(() => (delay > step ? arm() : task()), step);
        handle.unref?.();
      };
      arm();
      return () => clearTimeout(handle);
    },
  };
}
