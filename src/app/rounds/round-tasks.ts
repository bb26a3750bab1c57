import type { Logger } from "../../logger.js";
import { KeyedSerial } from "./keyed-serial.js";

/**
 * What the round engine's parts share about running work: one lock per round (so a timer and an answer
 * never interleave), the tasks in flight (so `stop` can wait for them), and whether the engine stopped.
 * A task's failure is logged, never thrown into a timer.
 */
export class RoundTasks {
  readonly serial = new KeyedSerial();
  private readonly inFlight = new Set<Promise<unknown>>();
  private stoppedFlag = false;

  constructor(private readonly logger: Logger) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  resume(): void {
    this.stoppedFlag = false;
  }

  /** Marks the engine stopped and waits for the tasks in flight. */
  async stop(): Promise<void> {
    this.stoppedFlag = true;
    await Promise.allSettled([...this.inFlight]);
  }

  /** Runs `task` under the round's lock. */
  locked<T>(roundId: number, task: () => Promise<T>): Promise<T> {
    return this.serial.run(roundId, task);
  }

  track<T>(promise: Promise<T>): Promise<T> {
    const guarded = promise.catch((error: unknown) => {
      this.logger.error({ err: error }, "round engine task failed");
      return undefined as T;
    });
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
    return guarded;
  }
}
