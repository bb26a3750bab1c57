import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { defaultRunLimits, parseRunLimits, runnerLimitsFrom } from "../../src/runner/limits.js";

describe("GIVEN the runner limits", () => {
  it("WHEN nothing is configured THEN the issue's defaults apply", () => {
    expect(runnerLimitsFrom(loadConfig({}).env)).toEqual({
      wallMs: 5_000,
      cpuSeconds: 5,
      memoryBytes: 256 * 1024 * 1024,
      maxProcesses: 32,
      outputBytes: 64 * 1024,
      codeBytes: 20 * 1024,
    });
    expect(parseRunLimits()).toEqual(defaultRunLimits);
  });

  it("WHEN RUNNER_* variables are set THEN they become limits in the runner's units", () => {
    const env = loadConfig({
      RUNNER_WALL_SECONDS: "2",
      RUNNER_MEMORY_MB: "128",
      RUNNER_OUTPUT_KB: "8",
      RUNNER_CODE_KB: "4",
    }).env;
    expect(runnerLimitsFrom(env)).toMatchObject({
      wallMs: 2_000,
      memoryBytes: 128 * 1024 * 1024,
      outputBytes: 8 * 1024,
      codeBytes: 4 * 1024,
    });
  });

  it("WHEN a limit would switch the sandbox off in practice THEN it is refused", () => {
    expect(() => parseRunLimits({ memoryBytes: 1024 })).toThrow();
    expect(() => parseRunLimits({ maxProcesses: 1 })).toThrow();
    expect(() => parseRunLimits({ wallMs: 0 })).toThrow();
  });
});
