import { describe, expect, it } from "vitest";
import { checkDeterminism } from "../../../src/app/snippets/check-determinism.js";
import { extractPythonCode } from "../../../src/app/snippets/extract-python-code.js";
import { inlineOutput } from "../../../src/app/snippets/inline-output.js";
import { runSnippet } from "../../../src/app/snippets/run-snippet.js";
import type { CodeRunner, RunRequest, RunResult } from "../../../src/domain/ports/code-runner.js";
import { neutraliseForChat } from "../../../src/platforms/shared/neutralise-for-chat.js";

/** A runner that answers each run with the next scripted stdout. */
function scriptedRunner(outputs: readonly string[]): CodeRunner & { requests: RunRequest[] } {
  const requests: RunRequest[] = [];
  return {
    backend: "bwrap",
    requests,
    async run(request: RunRequest): Promise<RunResult> {
      requests.push(request);
      const stdout = outputs[requests.length - 1] ?? "";
      return {
        status: "ok",
        exitCode: 0,
        signal: null,
        stdout,
        stderr: "",
        stdoutTruncated: false,
        stderrTruncated: false,
        wallMs: 1,
        backend: "bwrap",
      };
    },
    async close() {},
  };
}

describe("GIVEN a chat message with code", () => {
  it("WHEN it has a python fence THEN the first python block is the code", () => {
    const text =
      "Why does this print 3?\n```js\nconsole.log(1)\n```\n```python\nprint(1 + 2)\n```\n```py\nprint(2)\n```";
    expect(extractPythonCode(text)).toBe("print(1 + 2)\n");
  });

  it("WHEN the fence has no language or is py THEN it counts as Python", () => {
    expect(extractPythonCode("```\nx = 1\nprint(x)\n```")).toBe("x = 1\nprint(x)\n");
    expect(extractPythonCode("look: ```py\nprint('a')```")).toBe("print('a')\n");
  });

  it("WHEN there is no fence THEN the plain text is the code; only other languages or nothing gives null", () => {
    expect(extractPythonCode("print('plain')")).toBe("print('plain')\n");
    expect(extractPythonCode("```print(1)```")).toBe("print(1)\n");
    expect(extractPythonCode("```js\nconsole.log(1)\n```")).toBeNull();
    expect(extractPythonCode("   \n")).toBeNull();
  });

  it("WHEN runSnippet gets a message THEN it runs the extracted code under the member's queue key", async () => {
    const runner = scriptedRunner(["3\n"]);
    const result = await runSnippet(runner, { text: "```python\nprint(1 + 2)\n```", queueKey: "member-1" });
    expect(result).toMatchObject({ ok: true, value: { stdout: "3\n" } });
    expect(runner.requests).toEqual([{ code: "print(1 + 2)\n", queueKey: "member-1" }]);
    expect(await runSnippet(runner, { text: "```js\nx\n```" })).toEqual({ ok: false, error: "no_code" });
  });
});

describe("GIVEN repeated runs of the same code", () => {
  it("WHEN every run prints the same THEN nothing differed", async () => {
    const determinism = await checkDeterminism(scriptedRunner(["a\n", "a\n", "a\n"]), "print('a')", 3);
    expect(determinism).toMatchObject({ differed: false, differingRuns: [], firstDifference: null });
    expect(determinism.runs).toHaveLength(3);
  });

  it("WHEN some runs print differently THEN it names them and the first differing line", async () => {
    const outputs = ["x\n{1, 2}\n", "x\n{1, 2}\n", "x\n{2, 1}\n", "x\n"];
    const determinism = await checkDeterminism(scriptedRunner(outputs), "code", 4);
    expect(determinism.differed).toBe(true);
    expect(determinism.differingRuns).toEqual([3, 4]);
    expect(determinism.firstDifference).toEqual({
      run: 3,
      stream: "stdout",
      line: 2,
      first: "{1, 2}",
      other: "{2, 1}",
    });
  });
});

describe("GIVEN program output for a chat reply", () => {
  it("WHEN it is short THEN every line is kept and numbered", () => {
    expect(inlineOutput("a\nb\n")).toEqual({
      lines: [
        { number: 1, text: "a" },
        { number: 2, text: "b" },
      ],
      truncated: false,
      totalLines: 2,
    });
  });

  it("WHEN it has too many lines or characters THEN it is cut and says so", () => {
    const many = Array.from({ length: 40 }, (_, index) => `line ${index + 1}`).join("\n");
    const byLines = inlineOutput(many);
    expect(byLines.lines).toHaveLength(15);
    expect(byLines).toMatchObject({ truncated: true, totalLines: 40 });
    const byChars = inlineOutput("x".repeat(2000), { maxLines: 15, maxChars: 1500 });
    expect(byChars.lines[0]?.text).toHaveLength(1500);
    expect(byChars.truncated).toBe(true);
  });

  it("WHEN it contains fences or mentions THEN they are defused but read the same", () => {
    const text = "```\n@everyone @here <@123> <@&456> <!channel> <@U0123>\n```";
    const safe = neutraliseForChat(text);
    expect(safe).not.toContain("``");
    expect(safe).not.toMatch(/@everyone|@here|<@\d|<@&|<!channel|<@U/);
    expect(safe.replaceAll("\u200b", "")).toBe(text);
  });
});
