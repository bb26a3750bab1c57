/**
 * What adapters report for operators (the bot's and the runner service's `GET /metrics`). Each method is
 * cheap and synchronous; a process that keeps no metrics passes none and nothing is reported.
 */

/** A queue of the code runner: plain runs, or explorations (`RunRequest.lane`). */
export type RunLane = "run" | "explore";

/** What the code runner reports: its queues and the sandboxes it starts. */
export interface RunnerMeter {
  /** The runs waiting (not yet running) in `lane`'s queue are now `waiting`. */
  queueDepth(lane: RunLane, waiting: number): void;
  /** A run left `lane`'s queue for a sandbox after `seconds` of waiting (0 when it started at once). */
  queueWaited(lane: RunLane, seconds: number): void;
  /** A sandbox was started: a bubblewrap process (warm-pool refills included) or a Pyodide worker. */
  sandboxStarted(backend: "bwrap" | "pyodide"): void;
}

/** What a chat platform's adapter reports about its calls to the platform's Web API. */
export interface PlatformApiMeter {
  /** One HTTP request to the platform's API was answered with `status` (429: rate limited). */
  apiAnswered(platform: "discord" | "slack", status: number): void;
}
