import { describe, expect, it } from "vitest";
import { runRefusal } from "../../src/app/code-review/run-views.js";
import type { RunRefusal, RunResult, RunStatus } from "../../src/domain/ports/code-runner.js";
import type { SnippetRefusal } from "../../src/domain/ports/views/snippets.js";
import { present } from "../../src/platforms/shared/present.js";
import { fullCapabilities } from "../support/fake-platform.js";

function result(status: RunStatus, reason?: RunRefusal): RunResult {
  return {
    status,
    exitCode: null,
    signal: null,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    wallMs: 0,
    backend: "pyodide",
    ...(reason ? { reason } : {}),
  };
}

function words(refusal: SnippetRefusal, submission = false): string {
  return present({ kind: "snippet_refused", refusal, submission }, fullCapabilities).fallback;
}

describe("GIVEN a run the runner refused", () => {
  it("WHEN the queue is full THEN the member hears the runner is busy and how many are ahead", () => {
    const refusal = runRefusal(result("rejected", { code: "queue_full", ahead: 3 }));
    expect(refusal).toEqual({ code: "queue_full", ahead: 3 });
    expect(words(refusal as SnippetRefusal)).toContain("busy: 3 runs ahead of you");
  });

  it("WHEN Pyodide cannot start threads THEN the words say so and how to enable the full runner", () => {
    const refusal = runRefusal(result("rejected", { code: "needs_native_runner", feature: "threads" }));
    const text = words(refusal as SnippetRefusal);
    expect(text).toContain("cannot start threads");
    expect(text).toContain("bubblewrap");
    expect(text).toContain("RUNNER_BACKEND=bwrap");
  });

  it("WHEN the sandbox failed or the run was cancelled THEN it is 'unavailable', not the member's fault", () => {
    expect(runRefusal(result("unavailable", { code: "sandbox_failed" }))).toEqual({ code: "unavailable" });
    expect(runRefusal(result("unavailable", { code: "cancelled" }))).toEqual({ code: "unavailable" });
    expect(words({ code: "unavailable" })).toContain("try again");
  });

  it("WHEN a challenge submission could not run THEN the member is told it was not recorded", () => {
    expect(words({ code: "already_queued" }, true)).toContain("not recorded as an answer");
  });

  it("WHEN the run did happen THEN there is no refusal, whatever its ending", () => {
    for (const status of ["ok", "error", "timeout", "memory", "output_limit", "signal"] as const) {
      expect(runRefusal(result(status))).toBeUndefined();
    }
  });
});
