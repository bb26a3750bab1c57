import { describe, expect, it } from "vitest";
import { isPostgresSocketRace } from "../../src/storage/postgres-socket-race.js";

const driverStack = `TypeError: Cannot read properties of null (reading 'write')
    at nextWrite (/app/node_modules/postgres/src/connection.js:251:19)
    at Immediate.<anonymous> (/app/node_modules/postgres/src/connection.js:240:5)`;

describe("the known postgres socket race", () => {
  it("GIVEN the driver's own TypeError from connection.js THEN it is recognised", () => {
    const error = new TypeError("Cannot read properties of null (reading 'write')");
    error.stack = driverStack;
    expect(isPostgresSocketRace(error)).toBe(true);
  });

  it("GIVEN the same message from our own code, or any other error THEN it is not excused", () => {
    const ours = new TypeError("Cannot read properties of null (reading 'write')");
    ours.stack =
      "TypeError: Cannot read properties of null (reading 'write')\n    at answer (/app/src/app/x.ts:1:1)";
    expect(isPostgresSocketRace(ours)).toBe(false);
    const other = new TypeError("x is undefined");
    other.stack = driverStack.replace("Cannot read properties of null (reading 'write')", "x is undefined");
    expect(isPostgresSocketRace(other)).toBe(false);
    expect(isPostgresSocketRace(new RangeError("boom"))).toBe(false);
    expect(isPostgresSocketRace("a string")).toBe(false);
  });
});
