import { describe, expect, it } from "vitest";
import type { RunRequest, RunResult } from "../../src/domain/ports/code-runner.js";
import { parseRunLimits } from "../../src/runner/limits.js";
import { QueuedCodeRunner } from "../../src/runner/queued-code-runner.js";
import type { RunBackend } from "../../src/runner/run-backend.js";

/** A backend whose runs finish only when the test says so, and that records cancellations. */
class HeldBackend implements RunBackend {
  readonly name = "bwrap" as const;
  readonly started: string[] = [];
  readonly cancelled: string[] = [];
  readonly #finish = new Map<string, () => void>();

  execute(request: RunRequest, signal: AbortSignal): Promise<RunResult> {
    this.started.push(request.code);
    return new Promise((resolve) => {
      const done = (status: RunResult["status"]) =>
        resolve({
          status,
          exitCode: 0,
          signal: null,
          stdout: request.code,
          stderr: "",
          stdoutTruncated: false,
          stderrTruncated: false,
          wallMs: 1,
          backend: "bwrap",
        });
      this.#finish.set(request.code, () => done("ok"));
      signal.addEventListener("abort", () => {
        this.cancelled.push(request.code);
        done("rejected");
      });
    });
  }

  finish(code: string): void {
    this.#finish.get(code)?.();
  }

  async warmedUp(): Promise<void> {}
  async close(): Promise<void> {}
}

function queuedRunner(concurrency: number, queueSize: number) {
  const backend = new HeldBackend();
  const runner = new QueuedCodeRunner(backend, parseRunLimits(), { concurrency, queueSize });
  return { backend, runner };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("GIVEN the run queue", () => {
  it("WHEN more runs arrive than may run at once THEN the rest wait and start as others finish", async () => {
    const { backend, runner } = queuedRunner(2, 5);
    const runs = ["a", "b", "c"].map((code) => runner.run({ code }));
    await settle();
    expect(backend.started).toEqual(["a", "b"]);
    backend.finish("a");
    await expect(runs[0]).resolves.toMatchObject({ status: "ok", stdout: "a" });
    await settle();
    expect(backend.started).toEqual(["a", "b", "c"]);
  });

  it("WHEN the queue is full THEN the next run is refused with how many are ahead", async () => {
    const { runner } = queuedRunner(1, 2);
    for (const code of ["a", "b", "c"]) void runner.run({ code });
    const refused = await runner.run({ code: "d" });
    expect(refused).toMatchObject({ status: "rejected", reason: { code: "queue_full", ahead: 3 } });
  });

  it("WHEN a member already has a run queued or running THEN their next one is refused, others' are not", async () => {
    const { backend, runner } = queuedRunner(1, 5);
    void runner.run({ code: "a", queueKey: "ada" });
    void runner.run({ code: "b", queueKey: "bob" });
    await expect(runner.run({ code: "a2", queueKey: "ada" })).resolves.toMatchObject({
      status: "rejected",
      reason: { code: "already_queued" },
    });
    await expect(runner.run({ code: "b2", queueKey: "bob" })).resolves.toMatchObject({
      reason: { code: "already_queued" },
    });
    backend.finish("a");
    await settle();
    const again = runner.run({ code: "a3", queueKey: "ada" });
    backend.finish("b");
    await settle();
    backend.finish("a3");
    await expect(again).resolves.toMatchObject({ status: "ok", stdout: "a3" });
  });

  it("WHEN a waiting run is cancelled THEN it leaves the queue without starting", async () => {
    const { backend, runner } = queuedRunner(1, 5);
    void runner.run({ code: "a" });
    const controller = new AbortController();
    const waiting = runner.run({ code: "b", queueKey: "bob", signal: controller.signal });
    controller.abort();
    await expect(waiting).resolves.toMatchObject({ status: "rejected", reason: { code: "cancelled" } });
    backend.finish("a");
    await settle();
    expect(backend.started).toEqual(["a"]);
    await settle();
    void runner.run({ code: "b2", queueKey: "bob" }); // the key is free again
    await settle();
    expect(backend.started).toEqual(["a", "b2"]);
  });

  it("WHEN a running run is cancelled THEN the backend is told through the signal", async () => {
    const { backend, runner } = queuedRunner(1, 5);
    const controller = new AbortController();
    const running = runner.run({ code: "a", signal: controller.signal });
    await settle();
    controller.abort();
    await expect(running).resolves.toMatchObject({ status: "rejected" });
    expect(backend.cancelled).toEqual(["a"]);
  });

  it("WHEN the runner closes THEN running runs are stopped, waiting ones cancelled and new ones refused", async () => {
    const { backend, runner } = queuedRunner(1, 5);
    const running = runner.run({ code: "a" });
    const waiting = runner.run({ code: "b" });
    await settle();
    await runner.close();
    await expect(running).resolves.toMatchObject({ status: "rejected" });
    await expect(waiting).resolves.toMatchObject({ status: "rejected", reason: { code: "cancelled" } });
    await expect(runner.run({ code: "c" })).resolves.toMatchObject({
      status: "unavailable",
      reason: { code: "cancelled" },
    });
    expect(backend.started).toEqual(["a"]);
  });

  it("WHEN a request names a bad file THEN it is refused before queueing", async () => {
    const { backend, runner } = queuedRunner(1, 5);
    for (const name of ["../escape.py", "/etc/passwd", "main.py", ".hidden", "a/../../b"]) {
      await expect(runner.run({ code: "x", files: { [name]: "" } })).resolves.toMatchObject({
        status: "rejected",
        reason: { code: "invalid_files", name, problem: "name" },
      });
    }
    expect(backend.started).toEqual([]);
  });
});
