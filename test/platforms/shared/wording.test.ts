import { describe, expect, it } from "vitest";
import type { LeaderboardView, RoundSummaryView, View } from "../../../src/domain/ports/views/index.js";
import { parseCommandText } from "../../../src/platforms/shared/parse-options.js";
import { present } from "../../../src/platforms/shared/present.js";
import type { RichMessage } from "../../../src/platforms/shared/rich-message.js";
import { elapsed } from "../../../src/platforms/shared/wording/time-words.js";
import { fullCapabilities } from "../../support/fake-platform.js";

/** Everything a member reads of a message, as one string. */
function words(message: RichMessage): string {
  const blocks = message.blocks.map((block) =>
    block.type === "text"
      ? block.markdown
      : block.type === "code"
        ? block.code
        : block.type === "fields"
          ? block.fields.map((field) => `${field.name}: ${field.value}`).join("\n")
          : block.rows.map((row) => row.join(" | ")).join("\n"),
  );
  return [message.title ?? "", ...blocks, message.footer ?? "", message.fallback].join("\n");
}

const say = (view: View) => words(present(view, fullCapabilities));

const summary = (rows: RoundSummaryView["rows"], questionCount = 1): RoundSummaryView => ({
  kind: "round_summary",
  roundId: 1,
  daily: false,
  outcome: "finished",
  rows,
  questions: [],
  questionCount,
});

const board = (top: LeaderboardView["top"]): LeaderboardView => ({
  kind: "leaderboard",
  group: { kind: "channel", name: "C1" },
  defaulted: false,
  period: "all",
  periodKey: "all",
  timeZone: "UTC",
  metric: "points",
  minAnswers: 1,
  top,
});

describe("the shared wording", () => {
  it("GIVEN a bad option THEN the message names it once and says what it takes", () => {
    const parsed = parseCommandText("quiz", "start questions:99");
    expect(parsed.ok).toBe(false);
    if (parsed.ok || parsed.error.code !== "invalid_option") return;
    const text = say({ kind: "notice", notice: parsed.error });
    expect(text).toContain("That option isn't valid: questions. Expected a whole number from 1 to 50");
    expect(text.match(/questions/g)).toHaveLength(2); // the notice and its fallback, once each
  });

  it("GIVEN a typed word that is one of a later option's choices THEN it fills that option, wherever it stands", () => {
    const options = (name: string, text: string) => {
      const parsed = parseCommandText(name, text);
      return parsed.ok ? parsed.value.options : parsed.error;
    };
    expect(options("leaderboard", "all")).toEqual({ period: "all" });
    expect(options("leaderboard", "accuracy month")).toEqual({ period: "month", metric: "accuracy" });
    expect(options("leaderboard", '"Night Owls" week streak')).toEqual({
      group: "Night Owls",
      period: "week",
      metric: "streak",
    });
    expect(options("leaderboard", "group:all")).toEqual({ group: "all" });
    expect(options("quiz", "start asyncio first_correct")).toEqual({
      topic: "asyncio",
      mode: "first_correct",
    });
  });

  it("GIVEN members with 0 points THEN they get their rank, not a medal, in summaries and on boards", () => {
    const rows = [
      { rank: 1, displayName: "Ada", points: 140, correct: 1, answered: 1 },
      { rank: 2, displayName: "Bob", points: 0, correct: 0, answered: 1 },
      { rank: 2, displayName: "Eve", points: 0, correct: 0, answered: 1 },
    ];
    const table = present(summary(rows), fullCapabilities).blocks.find((block) => block.type === "table");
    expect(table?.type === "table" && table.rows.map((row) => row[0])).toEqual(["🥇", "2", "2"]);
    const lines = rows.map((row) => ({ ...row, streak: 0, freezes: 0 }));
    const ranked = present(board(lines), fullCapabilities).blocks.find((block) => block.type === "table");
    expect(ranked?.type === "table" && ranked.rows.map((row) => row[0])).toEqual(["🥇", "2", "2"]);
  });

  it("GIVEN a streak with freezes held THEN the board shows both, as 🔥 12 · 🧊 1, and no 🧊 without freezes", () => {
    const line = { rank: 1, displayName: "Ada", points: 10, answered: 1, correct: 1, streak: 12, freezes: 1 };
    expect(say(board([line]))).toContain("🔥 12 · 🧊 1");
    expect(say(board([{ ...line, freezes: 0 }]))).not.toContain("🧊");
    const caller = { ...line, rank: 4, displayName: "Zed", streak: 3, freezes: 2 };
    expect(say({ ...board([]), caller })).toContain("streak 🔥 3 · 🧊 2");
  });

  it("GIVEN counts of one THEN nouns agree: 1 question, 1 point, 1 answer, 1 day", () => {
    expect(say(summary([], 1))).toContain("The only question was played.");
    expect(say(summary([], 2))).toContain("Both questions were played.");
    expect(say(summary([], 3))).toContain("All 3 questions were played.");
    expect(say(summary([], 1))).not.toMatch(/All 1\b/);
    const caller = { rank: 4, displayName: "Zed", points: 1, answered: 1, correct: 1, streak: 1, freezes: 0 };
    const text = say({ ...board([]), minAnswers: 1, caller });
    expect(text).toContain("1 point · 100% accuracy · 1 answer");
    expect(say({ ...board([]), metric: "accuracy", minAnswers: 1 })).toContain("at least 1 answer qualify");
    expect(text).not.toMatch(/\b1 (questions|points|answers|days|runs|checks)\b/);
  });

  it("GIVEN answer times from seconds to a day THEN they read in seconds, minutes or hours", () => {
    expect(elapsed(4_321)).toBe("4.3 s");
    expect(elapsed(364_700)).toBe("6 min");
    expect(elapsed(3 * 3_600_000 + 5 * 60_000)).toBe("3 h 5 min");
    expect(elapsed(26 * 3_600_000)).toBe("1 d 2 h");
  });

  it("GIVEN a refused admin command THEN the platform's own admin check is named", () => {
    const refusal: View = { kind: "notice", notice: { code: "not_allowed", needed: "admin" } };
    expect(words(present(refusal, fullCapabilities, { admins: "workspace admins and owners" }))).toContain(
      "Only workspace admins and owners can do that.",
    );
    const stop: View = { kind: "notice", notice: { code: "not_allowed", needed: "starter_or_admin" } };
    expect(say(stop)).toContain("Only the member who started this round, or admins, can stop it.");
  });

  it("GIVEN a run's output THEN it is shown plain, with no line-number gutter to be copied along", () => {
    const output = (lines: string[]) => ({
      lines: lines.map((text, index) => ({ number: index + 1, text })),
      totalLines: lines.length,
      shortened: false,
      capped: false,
    });
    const message = present(
      {
        kind: "snippet_run",
        runId: 1,
        authorName: "Ada",
        requestedBy: "Ada",
        rerun: false,
        code: "print(45)",
        stdout: output(["45", "46"]),
        stderr: output([]),
        againActionId: "run:again:1",
        determinismActionId: "run:det:1",
        status: "ok",
        exitCode: 0,
        signal: null,
        wallMs: 30,
        backend: "bwrap",
      },
      fullCapabilities,
    );
    expect(message.blocks).toContainEqual({ type: "code", language: "", code: "45\n46" });
    expect(JSON.stringify(message.blocks)).not.toContain("1 | 45");
  });
});
