import { describe, expect, it } from "vitest";
import { storableJson } from "../../src/storage/raw-sql.js";

describe("JSON text for jsonb", () => {
  it("GIVEN ordinary values, emoji and a typed backslash-u THEN the text is exactly JSON.stringify's", () => {
    const value = { answer: "B", emoji: "🐍 threads", typed: "\\u0000 is how C writes NUL", n: [1, null] };
    expect(storableJson(value)).toBe(JSON.stringify(value));
    expect(JSON.parse(storableJson(value))).toEqual(value);
  });

  it("GIVEN a NUL or a lone surrogate anywhere THEN it is dropped or made U+FFFD, and nothing else changes", () => {
    const value = { rows: [{ text: "a\u0000b", cut: "x\uD83D", low: "\uDC0Dy", whole: "🐍" }] };
    expect(JSON.parse(storableJson(value))).toEqual({
      rows: [{ text: "ab", cut: "x\uFFFD", low: "\uFFFDy", whole: "🐍" }],
    });
    expect(storableJson(value)).not.toMatch(/\\u0000|\\ud[89a-f]/i);
  });
});
