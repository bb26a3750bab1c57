import { describe, expect, it } from "vitest";
import { parseRunLimits } from "../../src/runner/limits.js";
import { checkRequest, maxFilesBytes, maxStdinBytes } from "../../src/runner/request-check.js";

const limits = parseRunLimits({ codeBytes: 1024 });
const kib = (n: number) => "#".repeat(n * 1024);

describe("what the runner refuses before anything starts", () => {
  it("GIVEN a program over the snippet limit THEN it is refused naming the limit", () => {
    expect(checkRequest({ code: `${kib(1)}#` }, limits)).toEqual({
      code: "code_too_large",
      limitBytes: 1024,
    });
    expect(checkRequest({ code: kib(1) }, limits)).toBeNull();
  });

  it("GIVEN standard input over 20 KiB THEN it is refused naming the limit; 20 KiB exactly runs", () => {
    expect(maxStdinBytes).toBe(20 * 1024);
    expect(checkRequest({ code: "input()", stdin: `${kib(20)}#` }, limits)).toEqual({
      code: "input_too_large",
      limitBytes: 20 * 1024,
    });
    expect(checkRequest({ code: "input()", stdin: kib(20) }, limits)).toBeNull();
    // Counted in bytes, as the sandbox receives it: 7,000 three-byte characters are over the limit.
    expect(checkRequest({ code: "input()", stdin: "€".repeat(7000) }, limits)?.code).toBe("input_too_large");
  });

  it("GIVEN the member's code in a file beside a pack's harness THEN the file is held to the limit, the harness is not", () => {
    const harness = kib(8);
    expect(
      checkRequest({ code: harness, files: { "solution.py": "x = 1\n" }, memberFile: "solution.py" }, limits),
    ).toBeNull();
    expect(
      checkRequest(
        { code: harness, files: { "solution.py": `${kib(1)}#` }, memberFile: "solution.py" },
        limits,
      ),
    ).toEqual({ code: "code_too_large", limitBytes: 1024 });
  });

  it("GIVEN a harness and files over the files' limit together THEN they are refused as too large", () => {
    const half = "#".repeat(maxFilesBytes / 2);
    const request = {
      code: half,
      files: { "solution.py": "x = 1\n", "data.txt": half },
      memberFile: "solution.py",
    };
    expect(checkRequest(request, limits)).toEqual({
      code: "invalid_files",
      name: "data.txt",
      problem: "size",
    });
  });

  it("GIVEN a file that would replace the program or leave the folder THEN it is refused by name", () => {
    for (const name of ["main.py", "../x.py", "/etc/passwd", ".hidden"]) {
      expect(checkRequest({ code: "pass", files: { [name]: "" } }, limits)).toEqual({
        code: "invalid_files",
        name,
        problem: "name",
      });
    }
  });
});
