import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import type { View } from "../../src/domain/ports/views/index.js";
import { type Database, type Executor, openPostgres } from "../../src/storage/database.js";
import { storageFailureCode } from "../../src/storage/errors.js";
import { selectRows } from "../../src/storage/leaderboards/recount.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { expectFiguresEqualRecount, storedAnswers } from "../support/figures.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

const replyKind = (view: View | undefined) =>
  view === undefined ? "none" : view.kind === "notice" ? `notice:${view.notice.code}` : view.kind;

// Terminating server backends needs a real Postgres server; PGlite runs inside this process and has no
// connections to cut. CI always sets TEST_DATABASE_URL, so this runs there.
describe.runIf(process.env.TEST_DATABASE_URL)("the database drops every connection mid-round", () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  let platform: FakePlatform;
  let time: ManualTime;
  let bot: Bot;
  // Node exits on an unhandled rejection: one from the driver during an outage would be a crash.
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    database = await createTestDatabase("postgres");
    admin = postgres(process.env.TEST_DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    platform = new FakePlatform();
    time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
    bot = createBot({
      database,
      platforms: [platform],
      packs: [testPack([choiceQuestion("c1"), choiceQuestion("c2")])],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { revealPauseMs: 100, sweepMs: 600_000 },
    });
    await bot.start();
  });

  afterAll(async () => {
    process.off("unhandledRejection", onRejection);
    await bot.stop();
    await admin.end();
    await database.close();
  });

  /** Cuts every connection of the bot's database, again and again, until `until` settles. */
  async function terminateBackendsDuring(until: Promise<unknown>): Promise<number> {
    const name = new URL(database.url ?? "").pathname.slice(1);
    let done = false;
    let terminated = 0;
    void until.finally(() => {
      done = true;
    });
    while (!done) {
      const rows = await admin`
        select pg_terminate_backend(pid) as gone from pg_stat_activity
         where datname = ${name} and pid <> pg_backend_pid()`;
      terminated += rows.filter((row) => row.gone === true).length;
      await new Promise((resolve) => setTimeout(resolve, 15));
    }
    return terminated;
  }

  it("GIVEN answers arrive while the server kills the bot's connections THEN none is acked unless stored, the rest hear try_again, and the bot recovers", async () => {
    await platform.command(platform.member("host", { isAdmin: true }), "quiz", "start", {
      questions: 2,
      seconds: 120,
    });
    await eventually(() => expect(platform.views("question", "post")).toHaveLength(1));
    const first = platform.views("question", "post")[0];
    if (!first) throw new Error("no question");
    const press = (member: string, questionId: number) =>
      platform.press(platform.member(member), `q:a:${questionId}:1`, undefined, time.now());

    // Thirty members press in a stagger while the connections are being cut under them.
    const members = Array.from({ length: 30 }, (_, index) => `m${index}`);
    const presses = (async () => {
      for (const member of members) {
        await Promise.all([press(member, first.roundQuestionId), new Promise((r) => setTimeout(r, 20))]);
      }
    })();
    const terminated = await terminateBackendsDuring(presses);
    await presses;
    expect(terminated).toBeGreaterThan(0);
    // A terminated backend closes its socket a moment after pg_terminate_backend returns; a query sent on
    // it meanwhile fails like the ones above. Let the last ones go before calling the database "back".
    await new Promise((resolve) => setTimeout(resolve, 500));
    await eventually(async () => {
      await database.db.execute(sql`select 1`);
    });

    // Every member heard exactly one reply, "recorded" or "try again": an outage is never a bug report.
    const replies = members.map((member) => ({ member, kinds: platform.privateTo(member).map(replyKind) }));
    expect(
      replies.filter(
        ({ kinds }) => kinds.length !== 1 || !["answer_ack", "notice:try_again"].includes(kinds[0] ?? ""),
      ),
    ).toEqual([]);
    const outcome = new Map(replies.map(({ member, kinds }) => [member, kinds[0]]));
    expect([...outcome.values()]).toContain("notice:try_again");

    const stored = new Set(
      (await storedAnswers(database.db))
        .filter((answer) => answer.roundQuestionId === first.roundQuestionId)
        .map((answer) => answer.name),
    );
    for (const [member, kind] of outcome) {
      if (kind === "answer_ack") expect(stored, `${member} was acked`).toContain(member);
    }

    // The database is back, so one more press is enough: whoever was told to try again is recorded now, or,
    // where the commit had landed before its connection died, told that the first press already counted.
    const retried = members.filter((member) => outcome.get(member) === "notice:try_again");
    await Promise.all(retried.map((member) => press(member, first.roundQuestionId)));
    expect(
      retried
        .map((member) => ({
          member,
          stored: stored.has(member),
          reply: replyKind(platform.privateTo(member).at(-1)),
        }))
        .filter(({ stored, reply }) => reply !== (stored ? "notice:already_answered" : "answer_ack")),
    ).toEqual([]);
    const afterRetry = (await storedAnswers(database.db)).filter(
      (answer) => answer.roundQuestionId === first.roundQuestionId,
    );
    expect(afterRetry.map((answer) => answer.name).sort()).toEqual([...members].sort());

    // The round itself carries on: the next question opens, is answered, and the summary adds up.
    // Past the close, then on through the reveal pause (armed only once the close has run).
    time.advance(121_000);
    await eventually(() => {
      time.advance(200);
      expect(platform.views("question", "post")).toHaveLength(2);
    });
    const second = platform.views("question", "post")[1];
    if (!second) throw new Error("no second question");
    await press("late", second.roundQuestionId);
    expect(replyKind(platform.privateTo("late").at(-1))).toBe("answer_ack");
    time.advance(121_000);
    await eventually(() => expect(platform.views("round_summary", "post")).toHaveLength(1));
    const summary = platform.views("round_summary", "post")[0];
    const all = await storedAnswers(database.db);
    expect(summary?.rows.reduce((sum, row) => sum + row.answered, 0)).toBe(all.length);
    expect(summary?.rows.reduce((sum, row) => sum + row.points, 0)).toBe(
      all.reduce((sum, answer) => sum + answer.points, 0),
    );
    await expectFiguresEqualRecount(database.db);
    expect(rejections).toEqual([]);
  });
});

// The driver under the bot, postgres 3.4.9, is patched at install (patches/postgres+3.4.9.patch). Unpatched,
// the ROLLBACK a killed transaction sends is written to the closed socket: an uncaught TypeError, and the
// bytes stay queued, so that pool slot's next reconnects (about ten) each wait out connect_timeout and fail;
// and a failed transaction's later statements can run, outside any transaction, once the slot reconnects.
describe.runIf(process.env.TEST_DATABASE_URL)("a connection lost inside a transaction", () => {
  let database: TestDatabase;
  let admin: postgres.Sql;
  // Each test has a pool of one: the query after a lost connection must reuse the very slot that lost it.
  let single: Database;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    admin = postgres(process.env.TEST_DATABASE_URL ?? "", { max: 1, onnotice: () => {} });
    await database.db.execute(sql`create table probe (id int)`);
  });

  beforeEach(async () => {
    single = await openPostgres({ url: database.url ?? "", poolSize: 1 });
  });

  afterEach(async () => {
    await single.close();
  });

  afterAll(async () => {
    await admin.end();
    await database.close();
  });

  const backendPid = async (executor: Executor) =>
    (await selectRows<{ pid: number }>(executor, sql`select pg_backend_pid() as pid`))[0]?.pid;

  it("GIVEN the backend is killed mid-statement THEN the transaction fails as an outage and the next query on that slot succeeds", async () => {
    let pid: number | undefined;
    const failure = single.db
      .transaction(async (tx) => {
        pid = await backendPid(tx);
        await tx.execute(sql`select pg_sleep(30)`);
      })
      .then(
        () => undefined,
        (reason: unknown) => reason,
      );
    await eventually(() => expect(pid).toBeDefined());
    await admin`select pg_terminate_backend(${pid ?? 0})`;
    const error = await failure;
    expect(storageFailureCode(error), String(error)).toBe("storage_unavailable");

    // Unpatched, this query waits out connect_timeout and fails with CONNECT_TIMEOUT.
    expect(await backendPid(single.db)).not.toBe(pid);
  });

  it("GIVEN the backend dies while the transaction waits THEN none of its later statements is stored, not even on the reconnected slot", async () => {
    let pid: number | undefined;
    let resume: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      resume = resolve;
    });
    let late: Promise<string> | undefined;
    const failed = single.db.transaction(async (tx) => {
      pid = await backendPid(tx);
      await paused;
      late = tx.execute(sql`insert into probe values (1)`).then(
        () => "ran",
        () => "refused",
      );
      await late;
    });
    const outcome = failed.then(
      () => "committed",
      (reason: unknown) => (storageFailureCode(reason) === "storage_unavailable" ? "outage" : String(reason)),
    );
    await eventually(() => expect(pid).toBeDefined());
    await admin`select pg_terminate_backend(${pid ?? 0})`;
    expect(await outcome).toBe("outage");
    // The pool hands the slot to the next query: a new backend on the same connection object.
    expect(await backendPid(single.db)).not.toBe(pid);

    // The transaction's callback, unaware, carries on: its statement must not run anywhere.
    resume();
    await eventually(() => expect(late).toBeDefined());
    expect(await late).toBe("refused");
    const rows = await selectRows<{ n: number }>(single.db, sql`select count(*)::int as n from probe`);
    expect(rows[0]?.n).toBe(0);
  });
});
