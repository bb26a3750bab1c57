import { describe, expect, it } from "vitest";
import { parseGroupName } from "../../src/domain/leaderboards/group-name.js";

describe("group names", () => {
  it("GIVEN a name with extra spaces THEN it is trimmed and keyed case-insensitively", () => {
    expect(parseGroupName("  Async   Club ")).toEqual({
      ok: true,
      value: { name: "Async Club", key: "async club" },
    });
  });

  it.each([
    ["a", "too_short"],
    ["x".repeat(33), "too_long"],
    ["<@123456>", "invalid_characters"],
    ["**bold**", "invalid_characters"],
    ["@here", "invalid_characters"],
    ["Server", "reserved"],
  ])("GIVEN %s THEN it is refused as %s", (raw, problem) => {
    expect(parseGroupName(raw)).toEqual({ ok: false, error: problem });
  });

  it("GIVEN letters of other scripts, digits, - and _ THEN the name is accepted", () => {
    expect(parseGroupName("Grupo_Ñandú-2").ok).toBe(true);
    expect(parseGroupName("x".repeat(32)).ok).toBe(true);
  });
});
