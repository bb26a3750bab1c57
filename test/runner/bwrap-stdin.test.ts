import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { startBwrapRunner, testMarker } from "./bwrap-runner.js";
import { processesWith } from "./host-processes.js";

const marker = testMarker("stdin");
let runner: StartedCodeRunner;

beforeAll(async () => {
  runner = await startBwrapRunner(marker, {}, 0);
});

afterAll(async () => {
  await runner.close();
  expect(await processesWith(marker)).toEqual([]);
});

describe("standard input in the bwrap sandbox", () => {
  it("GIVEN standard input THEN input() reads it line by line and sys.stdin the rest", async () => {
    const result = await runner.run({
      code: "name = input()\ncount = int(input('how many? '))\nimport sys\nrest = sys.stdin.read()\nprint(name * count, repr(rest))",
      stdin: "ab\n3\nx\ny\n",
    });
    expect(result).toMatchObject({ status: "ok", stdout: "how many? ababab 'x\\ny\\n'\n" });
  });

  it("GIVEN no standard input THEN input() ends with EOFError, as at the end of a file", async () => {
    const result = await runner.run({ code: "input()" });
    expect(result.status).toBe("error");
    expect(result.stderr).toMatch(/^EOFError: EOF when reading a line$/m);
  });

  it("GIVEN 20 KiB of standard input THEN all of it arrives; one byte more is refused before a sandbox starts", async () => {
    const stdin = `${"7".repeat(20 * 1024 - 1)}\n`;
    const read = await runner.run({ code: "import sys\nprint(len(sys.stdin.read()))", stdin });
    expect(read).toMatchObject({ status: "ok", stdout: `${20 * 1024}\n` });
    const refused = await runner.run({ code: "print(1)", stdin: `${stdin}#` });
    expect(refused).toMatchObject({
      status: "rejected",
      reason: { code: "input_too_large", limitBytes: 20 * 1024 },
    });
  });
});
