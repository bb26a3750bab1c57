import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewFeature } from "../../src/app/reviews/review-feature.js";
import { createRouter } from "../../src/app/router.js";
import { AGAIN } from "../../src/domain/reviews/grading.js";
import { BindingParameterFitter } from "../../src/fitting/binding-parameter-fitter.js";
import { ConsolePlatform } from "../../src/platforms/console/console-platform.js";
import { DrizzleJobClaims } from "../../src/storage/jobs/drizzle-job-claims.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { DrizzleParameterStore } from "../../src/storage/reviews/drizzle-parameter-store.js";
import { drizzleReviewStorage } from "../../src/storage/reviews/index.js";
import { FakeJobClock } from "../jobs/fake-job-clock.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

/**
 * `/review` played in the terminal: the real console platform and the real review feature on PGlite.
 * The console has no buttons, so a private card must take typed letters and number its other buttons.
 */
describe("reviews in the console", () => {
  let database: TestDatabase;
  let input: PassThrough;
  let printed: string;
  let platform: ConsolePlatform;
  let time: ManualTime;

  beforeEach(async () => {
    database = await createTestDatabase();
    await syncPacks(database.db, [
      testPack([
        choiceQuestion("q1"),
        {
          id: "q2",
          packId: "test-pack",
          kind: "truefalse",
          tags: ["testing"],
          difficulty: 1,
          prompt: "Prompt of q2",
          explanation: "Explanation of q2",
          answer: true,
        },
      ]),
    ]);
    input = new PassThrough();
    const output = new PassThrough();
    printed = "";
    output.on("data", (chunk: Buffer) => {
      printed += chunk.toString("utf8");
    });
    platform = new ConsolePlatform({ input, output, colour: false, userName: "Alice" });
    time = new ManualTime(new Date("2026-03-02T10:00:00Z"));
    const feature = reviewFeature({
      store: drizzleReviewStorage(database.db),
      parameters: new DrizzleParameterStore(database.db),
      fitter: new BindingParameterFitter(),
      clock: time,
      claims: new DrizzleJobClaims(database.db),
      jobClock: new FakeJobClock(),
      platforms: [platform],
      claimant: "test",
      logger: silentLogger(),
    });
    await platform.start(createRouter([feature], silentLogger()));
  });

  afterEach(async () => {
    await platform.stop();
    await database.close();
  });

  /** Types a line and waits until the console has printed `expected` after it. */
  async function type(line: string, expected: string | RegExp): Promise<string> {
    const before = printed.length;
    input.write(`${line}\n`);
    await eventually(() => expect(printed.slice(before)).toMatch(expected));
    return printed.slice(before);
  }

  it("GIVEN a private review card THEN a typed letter answers it, its buttons are numbered, and !1 presses the card's, not an older public message's", async () => {
    // An older public message with a numbered button of its own.
    await platform.post(platform.place, {
      kind: "review_reminder",
      due: 3,
      minutes: 2,
      startActionId: "rv:start:elsewhere",
    });
    expect(printed).toContain("[!1] Start review");

    await type("/as Bob", "you are now Bob");
    const card = await type("/review", /Review · card 1 of 2/);
    expect(card).toContain("(only Bob sees this)");
    expect(card).not.toContain("(only bob sees this)");
    expect(card).toMatch(/A\. .*\n.*B\. /s);
    expect(card).toContain("[!1] Pause");

    const revealed = await type("B", /Answer:/);
    expect(revealed).toContain("Right (B)");
    expect(revealed).toMatch(/\[!1\] Again/);
    expect(revealed).toContain("(only Bob sees this)");

    const next = await type("!3", /card 2 of 2[\s\S]*B\. /);
    expect(next).not.toContain("no button");
    // The true/false card lists the letters it takes.
    expect(next).toMatch(/A\. True/);
    expect(next).toMatch(/B\. False/);
    const answered = await type("A", /Answer:/);
    expect(answered).toContain("✅ Right (True)");
  });

  it("GIVEN /review settings in the console THEN the workload of each retention is a table and Fit to my history is a numbered button", async () => {
    const shown = await type("/review settings", /Fit to my history/);
    expect(shown).toMatch(/Retention.*Days 1-7.*30 days/);
    for (const retention of ["80 %", "85 %", "90 % (yours)", "95 %"]) expect(shown).toContain(retention);
    expect(shown).toMatch(/\[!\d\] Fit to my history/);
    const fit = await type("!1", /Fit to my history/);
    expect(fit).toContain("Fitting needs at least 400 graded reviews; you have 0");
  });

  it("GIVEN /review settings easy_days in the console THEN the easy days are stored and shown, and a word that is no weekday is refused with what is expected", async () => {
    const set = await type("/review settings easy_days:sat,sun", /Easy days/);
    expect(set).toMatch(/Easy days \(fewer reviews\)\W+Sun, Sat/);
    const refused = await type("/review settings easy_days:someday", /easy_days/);
    expect(refused).toContain("weekdays such as sat,sun, or none");
    const cleared = await type("/review settings easy_days:none", /Easy days/);
    expect(cleared).toMatch(/Easy days \(fewer reviews\)\W+none/);
  });

  it("GIVEN two cards due WHEN Alice goes on vacation until Thursday THEN /review waits, a bad day is refused with what is expected, and on Thursday her cards come one today, one tomorrow", async () => {
    const store = drizzleReviewStorage(database.db);
    const alice = await store.members.userIdOf({ platform: "console", id: "alice", displayName: "Alice" });
    for (const questionId of ["q1", "q2"]) {
      await store.cards.grade({
        userId: alice,
        questionId,
        grade: AGAIN,
        at: new Date("2026-03-01T10:00:00Z"),
        source: "review",
        platform: "console",
        workspaceId: "console",
      });
    }
    const away = await type("/review settings vacation:2026-03-05", /Vacation/);
    expect(away).toMatch(/Vacation\W+on until Thu 5 Mar: reviews and reminders paused/);
    const paused = await type("/review", /On vacation/);
    expect(paused).toContain("Your reviews and reminders are paused until Thu 5 Mar");
    const refused = await type("/review settings vacation:soon", /vacation/);
    expect(refused).toContain(
      "the day you are back (2026-12-24) or a number of days from 1 to 365, on, or off",
    );
    expect(refused).not.toContain("Your review settings");

    time.advance(3 * 86_400_000);
    const back = await type("/review settings", /Welcome back/);
    expect(back).toContain("Welcome back: 2 cards waited while you were away: 1 today, then 1 tomorrow");
    expect(back).toMatch(/Vacation\W+off/);
    const card = await type("/review", /Review · card 1 of 1/);
    expect(card).toContain("(only Alice sees this)");
  });
});
