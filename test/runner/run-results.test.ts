import { describe, expect, it } from "vitest";
import { readSandboxPid } from "../../src/runner/bwrap/status-report.js";
import { CappedOutput } from "../../src/runner/capped-output.js";
import { statusOf } from "../../src/runner/run-results.js";

describe("GIVEN a finished run", () => {
  const base = { exitCode: 1, signal: null, stopCause: null, stderr: "" } as const;

  it("WHEN the program ran out of memory THEN the status is memory even though it exited with an error", () => {
    expect(statusOf({ ...base, stderr: "Traceback...\nMemoryError\n" })).toBe("memory");
  });

  it("WHEN the CPU limit ended it THEN the status is timeout", () => {
    expect(statusOf({ ...base, exitCode: null, signal: "SIGXCPU" })).toBe("timeout");
  });

  it("WHEN the runner stopped it THEN the runner's reason wins over what the program printed", () => {
    expect(statusOf({ ...base, stopCause: "output_limit", stderr: "MemoryError" })).toBe("output_limit");
    expect(statusOf({ ...base, stopCause: "timeout" })).toBe("timeout");
  });

  it("WHEN another signal ended it THEN the status is signal; exit 0 is ok, other codes error", () => {
    expect(statusOf({ ...base, exitCode: null, signal: "SIGSEGV" })).toBe("signal");
    expect(statusOf({ ...base, exitCode: 0 })).toBe("ok");
    expect(statusOf({ ...base, exitCode: 2 })).toBe("error");
  });
});

describe("GIVEN output collected under a cap", () => {
  it("WHEN a chunk crosses the cap THEN exactly the cap is kept and it reports the crossing once", () => {
    const output = new CappedOutput(5);
    expect(output.push(Buffer.from("abc"))).toBe(false);
    expect(output.push(Buffer.from("defg"))).toBe(true);
    expect(output.push(Buffer.from("h"))).toBe(false);
    expect(output.text()).toBe("abcde");
    expect(output.truncated).toBe(true);
  });

  it("WHEN the cap cuts a character in half THEN the half is dropped, not shown as garbage", () => {
    const output = new CappedOutput(4);
    output.push(Buffer.from("abc€"));
    expect(output.text()).toBe("abc");
  });
});

describe("GIVEN bwrap's status pipe", () => {
  it("WHEN it reports the child pid THEN only the first report counts", () => {
    expect(readSandboxPid('{ "child-pid": 4242 }\n{ "child-pid": 1 }')).toBe(4242);
    expect(readSandboxPid('{ "child-pid": 1 }')).toBeUndefined();
    expect(readSandboxPid('{ "child-')).toBeUndefined();
  });
});
