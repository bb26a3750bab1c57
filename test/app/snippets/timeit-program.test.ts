import { describe, expect, it } from "vitest";
import { secondsPerLoop, timeitArguments, timeitProgram } from "../../../src/app/snippets/timeit-program.js";

describe("the /timeit program and its report", () => {
  it("GIVEN a program made for a statement and setup THEN both read back exactly, quotes and newlines included", () => {
    const statement = 'd["k"] = "\\n"\nx = 1 if d else 2';
    const setup = "d = {}\n# a comment with 'quotes'";
    expect(timeitArguments(timeitProgram(statement, setup))).toEqual({ statement, setup });
    expect(timeitArguments(timeitProgram("-1"))).toEqual({ statement: "-1", setup: "pass" });
  });

  it("GIVEN a member's own code, even one that calls timeit.main THEN it is not read as a timing", () => {
    expect(timeitArguments("print('hello')\n")).toBeUndefined();
    const lookalike = 'import sys, timeit\nsys.exit(timeit.main(["-n", "1", "--", "pass"]))\n';
    expect(timeitArguments(lookalike)).toBeUndefined();
    const extraLine = `${timeitProgram("pass")}import os\n`;
    expect(timeitArguments(extraLine)).toBeUndefined();
    expect(timeitArguments("import sys, timeit\nsys.exit(timeit.main([))\n")).toBeUndefined();
  });

  it("GIVEN report lines in each unit THEN the time per loop is in seconds", () => {
    expect(secondsPerLoop("2000 loops, best of 5: 104 usec per loop")).toBeCloseTo(104e-6, 12);
    expect(secondsPerLoop("5000000 loops, best of 5: 52.3 nsec per loop")).toBeCloseTo(52.3e-9, 15);
    expect(secondsPerLoop("10 loops, best of 5: 20.1 msec per loop")).toBeCloseTo(0.0201, 9);
    expect(secondsPerLoop("1 loop, best of 5: 1.5 sec per loop")).toBe(1.5);
    expect(secondsPerLoop("stopped early")).toBeUndefined();
  });
});
