import { asc } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Bot, createBot } from "../../src/bot.js";
import { parseGroupName } from "../../src/domain/leaderboards/group-name.js";
import type { OptionValue } from "../../src/domain/ports/chat-platform.js";
import type { CodeRunner, RunRequest, RunResult } from "../../src/domain/ports/code-runner.js";
import type { ChallengeQuestion } from "../../src/domain/questions/question.js";
import { commandDefinitions, type OptionDefinition } from "../../src/platforms/shared/commands.js";
import { DrizzleGroupStore } from "../../src/storage/leaderboards/drizzle-group-store.js";
import {
  answers,
  channelSettings,
  dailySchedules,
  snippetRuns,
  studyGroups,
  userSettings,
  users,
} from "../../src/storage/schema/index.js";
import { createTestDatabase, storageKinds, type TestDatabase } from "../support/database.js";
import { FakePlatform } from "../support/fake-platform.js";
import { eventually, ManualTime } from "../support/manual-time.js";
import { choiceQuestion, testPack } from "../support/questions.js";
import { silentLogger } from "../support/silent-logger.js";

/**
 * PostgreSQL refuses NUL in `text` and `jsonb`, and `jsonb` refuses a lone surrogate too. These tests put
 * such characters in every piece of member text the bot stores (snippet code and output, challenge
 * verdicts, display names) and check that it is stored without them instead of failing the member's
 * request with "something went wrong".
 */
const challenge: ChallengeQuestion = {
  id: "stored-text-challenge",
  packId: "test-pack",
  kind: "challenge",
  tags: ["challenges"],
  difficulty: 1,
  prompt: "Make `one()` return 1.",
  explanation: "Return 1.",
  starter: "def one():\n    return ___\n",
  solution: "def one():\n    return 1\n",
  checks: [{ name: "returns one", code: "from solution import one\nassert one() == 1" }],
};

/**
 * A runner that prints what the test scripts, as the sandbox would: `print` gets the request, so a
 * challenge run can answer under the nonce the harness would have read from stdin.
 */
function scriptedRunner(
  print: (request: RunRequest) => { stdout: string; stderr?: string },
): CodeRunner & { readonly requests: RunRequest[] } {
  const requests: RunRequest[] = [];
  return {
    backend: "bwrap",
    requests,
    async run(request: RunRequest): Promise<RunResult> {
      requests.push(request);
      const printed = print(request);
      return {
        status: "ok",
        exitCode: 0,
        signal: null,
        stdout: printed.stdout,
        stderr: printed.stderr ?? "",
        stdoutTruncated: false,
        stderrTruncated: false,
        wallMs: 12,
        backend: "bwrap",
      };
    },
    async close() {},
  };
}

describe.each(storageKinds)("member text PostgreSQL cannot hold, on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let time: ManualTime;
  let bot: Bot | undefined;

  beforeEach(async () => {
    database = await createTestDatabase(kind);
    platform = new FakePlatform();
    time = new ManualTime(new Date("2026-11-20T10:00:00Z"));
  });

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await database.close();
  });

  async function startBot(runner?: CodeRunner): Promise<void> {
    bot = createBot({
      database,
      platforms: [platform],
      packs: [testPack([choiceQuestion("q1"), challenge])],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
      ...(runner ? { runner } : {}),
    });
    await bot.start();
  }

  /** Starts a round of the challenge and returns the id of its code form. */
  async function openChallenge(): Promise<string> {
    await platform.command(
      platform.member("host", { isAdmin: true }),
      "quiz",
      "start",
      { topic: challenge.id, questions: 1, seconds: 600 },
      time.now(),
    );
    await eventually(() => expect(platform.views("question", "post")).toHaveLength(1));
    return `qc:${platform.views("question", "post")[0]?.roundQuestionId}`;
  }

  const noticeCodes = (userId: string) =>
    platform.privateTo(userId).map((view) => (view.kind === "notice" ? view.notice.code : view.kind));

  it("GIVEN a snippet run that printed NUL characters THEN it is shown and stored without them, not refused as an internal error", async () => {
    await startBot(scriptedRunner(() => ({ stdout: "a\u0000b\n", stderr: "warn\u0000ing\n" })));
    await platform.command(platform.member("alice"), "run", undefined, { code: "print('a\\0b')" });
    expect(noticeCodes("alice")).toEqual([]);
    const [shown] = platform.views("snippet_run", "public");
    const rows = await database.db.select().from(snippetRuns);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: shown?.runId, stdout: "ab\n", stderr: "warning\n" });
  });

  it("GIVEN a snippet pasted with a NUL and a lone surrogate THEN the code that runs, is shown and is stored is one text, so Run again repeats it", async () => {
    const runner = scriptedRunner(() => ({ stdout: "ok\n" }));
    await startBot(runner);
    await platform.command(platform.member("alice"), "run", undefined, {
      code: "```python\nprint('ok')\u0000  # half a pair: \ud83d\n```",
    });
    const wellFormed = "print('ok')  # half a pair: \uFFFD\n";
    const [shown] = platform.views("snippet_run", "public");
    expect(shown?.code).toBe(wellFormed);
    expect((await database.db.select().from(snippetRuns))[0]?.code).toBe(wellFormed);
    await platform.press(platform.member("bob"), shown?.againActionId ?? "");
    expect(runner.requests.map((request) => request.code)).toEqual([wellFormed, wellFormed]);
  });

  it("GIVEN a challenge submission holding a NUL and a lone surrogate THEN the code graded, stored and recorded as the answer is one text", async () => {
    const runner = scriptedRunner((request) => ({
      stdout: `${(request.stdin ?? "").trim()} {"checks":[{"name":"returns one","passed":true}]}\n`,
    }));
    await startBot(runner);
    const formId = await openChallenge();
    await platform.submit(
      platform.member("bob"),
      formId,
      { code: "def one():\u0000\n    return 1  # \udc00\n" },
      time.now(),
    );
    const wellFormed = "def one():\n    return 1  # \uFFFD\n";
    expect(platform.privateTo("bob")).toMatchObject([
      { kind: "challenge_result", outcome: { type: "recorded", correct: true } },
    ]);
    expect(runner.requests.map((request) => request.files?.["solution.py"])).toEqual([wellFormed]);
    expect((await database.db.select().from(snippetRuns)).map((row) => row.code)).toEqual([wellFormed]);
    const [answer] = await database.db.select().from(answers);
    expect(answer?.response).toMatchObject({ type: "code", code: wellFormed });
  });

  it("GIVEN a challenge whose check errors hold a NUL and a lone surrogate THEN the verdict is stored, the answer recorded and the member told", async () => {
    const error = "ValueError: a\u0000b \ud800 end";
    await startBot(
      scriptedRunner((request) => {
        const nonce = (request.stdin ?? "").trim();
        const report = { checks: [{ name: "returns one", passed: false, error }] };
        return { stdout: `${nonce} ${JSON.stringify(report)}\n` };
      }),
    );
    const formId = await openChallenge();
    const bob = platform.member("bob");
    await platform.submit(bob, formId, { code: "def one():\n    return 2\n" }, time.now());
    expect(platform.privateTo("bob")).toMatchObject([
      { kind: "challenge_result", outcome: { type: "recorded", correct: false } },
    ]);
    const rows = await database.db.select().from(snippetRuns).orderBy(asc(snippetRuns.id));
    expect(rows.map((row) => row.checks)).toEqual([
      { checks: [{ name: "returns one", passed: false, error: "ValueError: ab \uFFFD end" }] },
    ]);
    expect(await database.db.select().from(answers)).toHaveLength(1);
  });

  it("GIVEN a member whose display name holds a NUL THEN they can create a group, and the name is stored without it", async () => {
    await startBot();
    const ada = platform.member("ada", { displayName: "Ada\u0000 Lovelace" });
    await platform.command(ada, "group", "create", { name: "engines" }, time.now());
    expect(noticeCodes("ada")).toEqual([]);
    expect(platform.views("group_outcome", "public")).toMatchObject([
      { outcome: { code: "created", name: "engines" } },
    ]);
    expect(await database.db.select({ name: studyGroups.name }).from(studyGroups)).toContainEqual({
      name: "engines",
    });
    expect(await database.db.select({ name: users.displayName }).from(users)).toEqual([
      { name: "Ada Lovelace" },
    ]);
  });

  it("GIVEN a group name being typed with a NUL in it THEN autocomplete offers nothing instead of failing the query", async () => {
    await startBot();
    await platform.command(platform.member("ada"), "group", "create", { name: "engines" }, time.now());
    const groups = new DrizzleGroupStore(database.db);
    const workspace = { platform: "console", workspaceId: "ws" } as const;
    expect(await groups.searchGroups(workspace, "eng", 10)).toEqual(["engines"]);
    expect(await groups.searchGroups(workspace, "eng\u0000", 10)).toEqual([]);
  });
});

interface CommandForm {
  readonly name: string;
  readonly subcommand: string | undefined;
  readonly options: readonly OptionDefinition[];
}

/** Every command and subcommand as the router keys them, with its options. */
const commandForms: readonly CommandForm[] = commandDefinitions.flatMap((command): CommandForm[] =>
  command.subcommands.length === 0
    ? [{ name: command.name, subcommand: undefined, options: command.options }]
    : command.subcommands.map((sub) => ({
        name: command.name,
        subcommand: sub.group ? `${sub.group} ${sub.name}` : sub.name,
        options: sub.options,
      })),
);

/** Text with a NUL or a lone surrogate in it, alone or inside an otherwise valid value. */
function refusedText(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })).map(([a, b]) => `${a}\u0000${b}`),
    fc.nat(valid.length).map((at) => `${valid.slice(0, at)}\u0000${valid.slice(at)}`),
    fc
      .tuple(fc.nat(valid.length), fc.integer({ min: 0xd800, max: 0xdfff }))
      .map(([at, unit]) => `${valid.slice(0, at)}${String.fromCharCode(unit)}${valid.slice(at)}`),
  );
}

const sample = (option: OptionDefinition) => option.choices?.[0] ?? option.example ?? "engines";

const isTimeZone = (zone: string | null) => {
  if (zone === null) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/**
 * Every string option of every command, as Discord would deliver it (no typed-text parsing in between),
 * holding a NUL or a lone surrogate, from a member whose display name may hold one too: the answer is a
 * clear reply, never "internal error", and nothing that fails its own validation is stored.
 */
describe.each(storageKinds)("command options PostgreSQL cannot hold, on %s", (kind) => {
  let database: TestDatabase;
  let platform: FakePlatform;
  let bot: Bot;
  const time = new ManualTime(new Date("2026-11-20T10:00:00Z"));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    platform = new FakePlatform();
    bot = createBot({
      database,
      platforms: [platform],
      packs: [testPack([choiceQuestion("q1")])],
      logger: silentLogger(),
      clock: time,
      timers: time,
      rounds: { sweepMs: 600_000 },
    });
    await bot.start();
  });

  afterAll(async () => {
    await bot.stop();
    await database.close();
  });

  it("GIVEN a NUL or lone surrogate in any string option of any command THEN a clear reply, and only valid values are stored", async () => {
    const withStringOption = commandForms.filter((form) => form.options.some((o) => o.type === "string"));
    const call = fc.constantFrom(...withStringOption).chain((form) => {
      const strings = form.options.filter((option) => option.type === "string");
      return fc.record({
        form: fc.constant(form),
        option: fc.constantFrom(...strings),
        seed: fc.nat(),
        displayName: fc.constantFrom("Ada", "Ada\u0000 Lovelace", "\ud800Bob"),
      });
    });
    let member = 0;
    await fc.assert(
      fc.asyncProperty(
        call.chain((picked) => fc.tuple(fc.constant(picked), refusedText(sample(picked.option)))),
        async ([{ form, option, displayName }, value]) => {
          member += 1;
          const user = platform.member(`member-${member}`, { displayName, isAdmin: true });
          const options: Record<string, OptionValue> = {};
          for (const other of form.options) if (other.required) options[other.name] = sample(other);
          options[option.name] = value;
          const before = platform.sent.length;
          await platform.command(user, form.name, form.subcommand, options, time.now());
          expect(platform.sent.length).toBeGreaterThan(before);
          for (const view of platform.privateTo(user.id)) {
            expect(view.kind === "notice" ? view.notice.code : view.kind).not.toMatch(
              /internal_error|try_again/,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
    const groups = await database.db
      .select({ name: studyGroups.name, kind: studyGroups.kind })
      .from(studyGroups);
    for (const group of groups.filter((candidate) => candidate.kind === "named")) {
      expect(parseGroupName(group.name)).toMatchObject({ ok: true, value: { name: group.name } });
    }
    const zones = [
      ...(await database.db.select({ zone: channelSettings.timeZone }).from(channelSettings)),
      ...(await database.db.select({ zone: userSettings.timeZone }).from(userSettings)),
      ...(await database.db.select({ zone: dailySchedules.timeZone }).from(dailySchedules)),
    ];
    for (const { zone } of zones) expect(isTimeZone(zone), String(zone)).toBe(true);
  }, 60_000);
});
