import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { groupsFeature } from "../../src/app/groups/groups-feature.js";
import { leaderboardFeature } from "../../src/app/leaderboards/leaderboard-feature.js";
import { createRouter } from "../../src/app/router.js";
import type { LeaderboardView } from "../../src/domain/ports/views/leaderboard.js";
import { present } from "../../src/platforms/shared/present.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { DrizzleGroupStore } from "../../src/storage/leaderboards/drizzle-group-store.js";
import { DrizzleLeaderboardStore } from "../../src/storage/leaderboards/drizzle-leaderboard-store.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform, fullCapabilities } from "../support/fake-platform.js";
import { silentLogger } from "../support/silent-logger.js";
import { AnswerDriver } from "./answer-driver.js";

const now = new Date("2026-11-22T12:00:00Z"); // Sunday of 2026-W47
const hour = 3_600_000;

describe("/leaderboard", () => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let driver: AnswerDriver;

  beforeEach(async () => {
    database = await createTestDatabase("pglite");
    platform = new FakePlatform();
    const features = [
      leaderboardFeature({
        leaderboards: new DrizzleLeaderboardStore(database.db),
        clock: { now: () => now },
        defaultTimeZone: "UTC",
      }),
      groupsFeature({ groups: new DrizzleGroupStore(database.db), defaultTimeZone: "UTC" }),
    ];
    await platform.start(createRouter(features, silentLogger()));
    driver = await AnswerDriver.create(database.db, [leaderboardAnswerHook({ defaultTimeZone: "UTC" })]);
  });

  afterEach(async () => {
    await database.close();
  });

  const answer = (id: string, points: number, hoursAgo: number, correct = points > 0) =>
    driver.answer(
      platform.place,
      { id, displayName: id.toUpperCase() },
      {
        correct,
        points,
        at: new Date(now.getTime() - hoursAgo * hour),
      },
    );
  const lastBoard = (): LeaderboardView => {
    const board = platform.views("leaderboard", "private").at(-1);
    if (!board) throw new Error("no leaderboard was shown");
    return board;
  };

  it("GIVEN twelve members ahead of the caller THEN the top 10 is shown and the caller still sees their own rank and figures", async () => {
    for (let i = 1; i <= 12; i += 1) await answer(`m${String(i).padStart(2, "0")}`, 100 + 10 * i, 5);
    await answer("zed", 50, 4);
    await answer("zed", 0, 3);

    await platform.command(platform.member("zed", { displayName: "ZED" }), "leaderboard", undefined, {});
    const board = lastBoard();
    expect(board.group).toEqual({ kind: "channel", name: "general" });
    expect(board.defaulted).toBe(true);
    expect(board.periodKey).toBe("2026-W47");
    expect(board.top.map((line) => `${line.rank}:${line.displayName}:${line.points}`)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${i + 1}:M${String(12 - i).padStart(2, "0")}:${220 - 10 * i}`),
    );
    expect(board.caller).toEqual({
      rank: 13,
      displayName: "ZED",
      points: 50,
      answered: 2,
      correct: 1,
      streak: 1,
      freezes: 0,
    });
    const words = present(board, fullCapabilities);
    expect(JSON.stringify(words.blocks)).toContain("You are #13");
    expect(JSON.stringify(words.blocks)).toContain("🥇");
  });

  it("GIVEN equal points THEN accuracy, then who reached the score first decides, and the caller in the top 10 gets no extra line but their own row is marked", async () => {
    await answer("amy", 100, 10);
    await answer("amy", 0, 9, false); // 100 points at 1/2
    await answer("ben", 100, 8); // 100 points at 1/1, reached later
    await answer("cat", 100, 7); // same as ben but later still
    await answer("dan", 40, 11);
    await answer("dan", 60, 6); // 100 points at 2/2, but reached only 6 hours ago

    await platform.command(platform.member("cat"), "leaderboard", undefined, { period: "all" });
    const board = lastBoard();
    expect(board.top.map((line) => line.displayName)).toEqual(["BEN", "CAT", "DAN", "AMY"]);
    expect(board.caller).toBeUndefined();
    // The picture highlights the caller's row: only theirs is marked.
    expect(board.top.filter((line) => line.isCaller).map((line) => line.displayName)).toEqual(["CAT"]);
  });

  it("GIVEN too few answers THEN the caller is shown unranked on the accuracy board with how many answers they lack", async () => {
    for (let i = 0; i < 10; i += 1) await answer("amy", i % 2 === 0 ? 10 : 0, 20 - i);
    for (let i = 0; i < 3; i += 1) await answer("ben", 10, 5 - i);

    await platform.command(platform.member("ben"), "leaderboard", undefined, { metric: "accuracy" });
    const board = lastBoard();
    expect(board.top.map((line) => line.displayName)).toEqual(["AMY"]);
    expect(board.caller).toMatchObject({ rank: null, answered: 3, correct: 3 });
    expect(JSON.stringify(present(board, fullCapabilities).blocks)).toContain("7 more answers to qualify");
  });

  it("GIVEN a named group THEN its board counts only its members' answers since joining; server counts everyone", async () => {
    await platform.command(platform.member("amy"), "group", "create", { name: "Night Owls" });
    await answer("amy", 30, 2);
    await answer("ben", 90, 2);

    await platform.command(platform.member("amy"), "leaderboard", undefined, { group: "night owls" });
    expect(lastBoard().group).toEqual({ kind: "named", name: "Night Owls" });
    expect(lastBoard().top.map((line) => line.displayName)).toEqual(["AMY"]);
    await platform.command(platform.member("amy"), "leaderboard", undefined, {
      group: "server",
      metric: "answers",
    });
    expect(lastBoard().group.kind).toBe("workspace");
    expect(lastBoard().top.map((line) => line.displayName)).toEqual(["BEN", "AMY"]);
    await platform.command(platform.member("amy"), "leaderboard", undefined, { group: "Ghosts" });
    expect(platform.privateTo("amy").at(-1)).toEqual({
      kind: "group_outcome",
      outcome: { code: "unknown_group", name: "Ghosts" },
    });
  });

  it("GIVEN streaks THEN the streak board ranks live streaks only and a lapsed one is not ranked", async () => {
    for (const days of [3, 2, 1, 0]) await answer("amy", 10, days * 24);
    for (const days of [6, 5, 4, 3, 2]) await answer("ben", 10, days * 24); // lapsed: last day 2 days ago

    await platform.command(platform.member("ben"), "leaderboard", undefined, {
      metric: "streak",
      period: "all",
    });
    const board = lastBoard();
    expect(board.top).toEqual([
      { rank: 1, displayName: "AMY", points: 40, answered: 4, correct: 4, streak: 4, freezes: 0 },
    ]);
    expect(board.caller).toMatchObject({ rank: null, streak: 0, points: 50 });
  });

  it("GIVEN /leaderboard THEN the board is private with a Share button, and pressing it posts the same board publicly, naming the sharer", async () => {
    for (let i = 1; i <= 11; i += 1) await answer(`m${String(i).padStart(2, "0")}`, 100 + 10 * i, 5);
    await answer("zed", 50, 4);
    const zed = platform.member("zed", { displayName: "ZED" });

    await platform.command(zed, "leaderboard", undefined, { period: "month", metric: "points" });
    expect(platform.views("leaderboard", "public")).toEqual([]);
    const mine = lastBoard();
    expect(mine.shareActionId).toBe("lb:share:zed:month:points:c");
    const privateWords = present(mine, fullCapabilities);
    expect(privateWords.buttons?.flat().map((button) => button.label)).toEqual(["Share in channel"]);
    expect(JSON.stringify(privateWords.blocks)).toContain("You are #12");

    await answer("m01", 500, 1); // the board moves on between asking and sharing: the press shows it now
    await platform.press(zed, mine.shareActionId ?? "");
    const shared = platform.views("leaderboard", "public");
    expect(shared).toHaveLength(1);
    const board = shared[0] as LeaderboardView;
    expect(board.sharedBy).toBe("ZED");
    expect(board.shareActionId).toBeUndefined();
    expect(board.periodKey).toBe("2026-11");
    expect(board.top[0]).toMatchObject({ displayName: "M01", points: 610 });
    expect(board.caller).toMatchObject({ rank: 12, displayName: "ZED" });
    const words = present(board, fullCapabilities);
    expect(words.buttons).toBeUndefined();
    expect(words.footer).toMatch(/^Shared by ZED · /);
    expect(JSON.stringify(words.blocks)).toContain("ZED is #12");
    expect(JSON.stringify(words.blocks)).not.toContain("You are");
  });

  it("GIVEN a named group's private board THEN sharing shows that group; another member's press or a forged id is refused privately", async () => {
    await platform.command(platform.member("amy"), "group", "create", { name: "Night Owls" });
    await answer("amy", 30, 2);
    await platform.command(platform.member("amy"), "leaderboard", undefined, { group: "Night Owls" });
    const actionId = lastBoard().shareActionId ?? "";
    expect(actionId).toBe("lb:share:amy:week:points:n:night owls");

    for (const [who, id] of [
      ["ben", actionId],
      ["amy", "lb:share:amy:year:points:c"],
      ["amy", "lb:share:amy:week:points:n:night:owls"],
      ["amy", "lb:share:amy:week:points:x"],
    ] as const) {
      await platform.press(platform.member(who), id);
      expect(platform.privateTo(who).at(-1)).toEqual({ kind: "notice", notice: { code: "unknown_action" } });
    }
    expect(platform.views("leaderboard", "public")).toEqual([]);

    await platform.press(platform.member("amy"), actionId);
    const shared = platform.views("leaderboard", "public");
    expect(shared.map((board) => [board.group.name, board.sharedBy])).toEqual([["Night Owls", "amy"]]);
  });

  it("GIVEN a console member whose name holds a colon THEN the share id still round-trips", async () => {
    await answer("a:b", 30, 2);
    await platform.command(platform.member("a:b"), "leaderboard", undefined, {});
    const actionId = lastBoard().shareActionId ?? "";
    await platform.press(platform.member("a:b"), actionId);
    expect(platform.views("leaderboard", "public").map((board) => board.sharedBy)).toEqual(["a:b"]);
  });
});
