import type { Exploration, Replay } from "../../../src/domain/explore/exploration.js";
import type {
  LeaderboardLine,
  ReviewSection,
  RunSummary,
  SnippetOutput,
  SummaryRow,
  View,
} from "../../../src/domain/ports/views/index.js";
import type { OptionLabel } from "../../../src/domain/questions/answer-text.js";

/**
 * Text a member or a pack controls, as the render matrix varies it: names (long, emoji, underscores),
 * prompts with inline code and emoji, code with the characters markup is made of.
 */
export interface SampleText {
  readonly name: string;
  readonly other: string;
  /** Members' display names: anything a member may call themselves, markup and mentions included. */
  readonly member: string;
  readonly otherMember: string;
  readonly prompt: string;
  readonly code: string;
  readonly output: string;
  /** How many rows a list or board has: 0 (empty), 1, a few, or more than fit. */
  readonly rows: number;
}

/**
 * Representative instances of every view kind the app produces, from one `SampleText`. The mapped type
 * makes a new view kind a compile error here until it has samples, and the matrix test checks the same
 * against the presenter's switch at run time.
 */
export type ViewSamples = {
  readonly [K in View["kind"]]: (text: SampleText) => Extract<View, { kind: K }>[];
};

const docsUrl = "https://docs.python.org/3/library/asyncio-task.html#asyncio.gather";
const at = new Date("2026-12-07T09:00:00Z");
const later = new Date("2026-12-08T08:00:00Z");
const truthLabels: readonly OptionLabel[] = [
  { type: "truth", value: true },
  { type: "truth", value: false },
];
const textLabels = (texts: readonly string[]): OptionLabel[] => texts.map((text) => ({ type: "text", text }));
const run: RunSummary = {
  status: "ok",
  exitCode: 0,
  signal: null,
  wallMs: 42,
  backend: "bwrap",
  interpreter: "3.12",
};
const failedRun: RunSummary = { ...run, status: "timeout", exitCode: null, signal: "SIGKILL", wallMs: 5000 };

function output(text: string, count: number): SnippetOutput {
  const lines = Array.from({ length: count }, (_, i) => ({ number: i + 1, text: `${text} ${i}` }));
  return { lines, totalLines: count * 3, shortened: count > 0, capped: count > 20 };
}

function boardLines(text: SampleText, tie: boolean): LeaderboardLine[] {
  return Array.from({ length: text.rows }, (_, i) => ({
    rank: tie ? 1 + Math.floor(i / 2) * 2 : i + 1,
    displayName: i % 2 === 0 ? `${text.member}${i}` : `${text.otherMember}${i}`,
    points: tie ? 100 - Math.floor(i / 2) * 10 : Math.max(0, 300 - i * 60),
    answered: i + 1,
    correct: Math.max(0, i - 1),
    streak: i % 3,
    freezes: i % 3,
  }));
}

function summaryRows(text: SampleText): SummaryRow[] {
  return boardLines(text, true).map(({ streak: _streak, ...row }) => row);
}

const findings = (text: SampleText): ReviewSection => ({
  status: "findings",
  total: 7,
  findings: Array.from({ length: 5 }, (_, i) => ({
    ruleId: `QZ10${i}`,
    line: i + 1,
    column: 4,
    title: `Shared \`counter\` updated without a lock ${i}`,
    why: `Two threads read \`counter\` and both write ${text.prompt}`,
    fix: "Hold a `threading.Lock` around the read and the write.",
    docs: "https://docs.python.org/3/library/threading.html#lock-objects",
  })),
});

const syntaxError = (text: SampleText): ReviewSection => ({
  status: "syntax_error",
  total: 1,
  findings: [
    {
      ruleId: "E999",
      line: 2,
      column: 5,
      title: "Python cannot parse this",
      why: "",
      fix: "",
      docs: "",
      message: "invalid syntax",
      excerpt: text.code.split("\n")[0] ?? "",
      excerptColumn: 3,
    },
  ],
});

const replay = (text: SampleText, deadlock: boolean): Replay => ({
  schedule: [
    [44, 0, 1],
    [56, 2, 0],
  ],
  story: [
    {
      kind: "switch",
      from: "Thread-1",
      to: "Thread-2",
      at: { file: "main.py", line: 3, code: text.code.split("\n")[0] ?? "", values: { counter: "41" } },
      why: "the lock `a`",
    },
    { kind: "hold", who: "Task-2", at: null, others: ["Task-1", text.name] },
  ],
  outcome: { status: deadlock ? "deadlock" : "ok", output: text.output, error: "" },
  deadlock: deadlock
    ? {
        threads: [
          { thread: "Thread-1", holds: ["a"], waitsFor: "b", line: 4, code: "with b:" },
          { thread: "Thread-2", holds: ["b"], waitsFor: null, call: "Queue.get" },
        ],
      }
    : null,
  perInstructionOnly: !deadlock,
  fromSeed: 7,
  shrinkRuns: 12,
  decisionsBefore: 30,
});

const explorations = (text: SampleText): Exploration[] => [
  {
    kind: "explored",
    verdict: "race",
    baseline: { status: "ok", output: text.output, error: "" },
    outcomes: Array.from({ length: text.rows + 1 }, (_, i) => ({
      status: "ok" as const,
      output: `${text.output} ${i}`,
      error: "",
      count: 10 - i,
      seed: i === 0 ? null : i,
      baseline: i === 0,
    })),
    deadlocks: [],
    replay: replay(text, false),
    tried: 1,
    partial: text.rows > 3,
    hang: null,
    python: "3.12",
    elapsedMs: 1234,
  },
  {
    kind: "explored",
    verdict: "deadlock",
    baseline: { status: "ok", output: "", error: "" },
    outcomes: [],
    deadlocks: [{ seed: 3, threads: [{ thread: "Thread-1", holds: ["a"], waitsFor: "b" }] }],
    replay: replay(text, true),
    tried: 200,
    partial: false,
    hang: { thread: "Thread-2", at: null, inside: "recv" },
    python: "3.13t",
    elapsedMs: 9000,
  },
  { kind: "nothing", reason: "no_concurrency", python: "3.12" },
  { kind: "hang", hang: null, python: "pyodide" },
  { kind: "replayed", seed: null, replay: replay(text, false), python: "3.12" },
];

export const viewSamples: ViewSamples = {
  question: (text) =>
    (["choice", "multi", "truefalse", "text", "code"] as const).flatMap((answerMode) =>
      ([undefined, "revealed"] as const).map((revealed) => ({
        kind: "question" as const,
        roundId: 1,
        roundQuestionId: 12,
        position: 0,
        total: text.rows + 1,
        daily: answerMode === "text",
        questionId: "q-1",
        prompt: text.prompt,
        ...(answerMode === "code" || answerMode === "choice" ? { code: text.code } : {}),
        answerMode,
        choices:
          answerMode === "text" || answerMode === "code"
            ? []
            : (answerMode === "truefalse"
                ? truthLabels
                : textLabels([text.prompt.split("\n")[0] ?? "", `\`${text.name}\``, "🔥 none", "`2 ** 10`"])
              ).map((label, i) => ({ key: String.fromCharCode(65 + i), label, actionId: `q:a:12:${i}` })),
        ...(answerMode === "multi" || answerMode === "text" || answerMode === "code"
          ? { submitActionId: "q:m:12" }
          : {}),
        seconds: 30,
        closesAt: later,
        ...(answerMode === "text" ? { timeZone: "Europe/Berlin" } : {}),
        answeredCount: text.rows,
        state: revealed ? ("closed" as const) : ("open" as const),
        ...(revealed
          ? {
              reveal: {
                correctKeys: answerMode === "multi" ? ["A", "C"] : ["B"],
                correctAnswer:
                  answerMode === "truefalse"
                    ? { type: "truth" as const, value: false }
                    : answerMode === "code"
                      ? { type: "solution" as const }
                      : {
                          type: "options" as const,
                          options: [{ key: "D", text: `\`await asyncio.to_thread(${text.name})\`` }],
                        },
                explanation: `Because \`gather\` keeps order. ${text.prompt}`,
                reference: docsUrl,
                answeredCount: text.rows,
                correctCount: Math.min(1, text.rows),
                correctMembers: Array.from({ length: text.rows }, (_, i) => ({
                  displayName: `${text.member}${i}`,
                  responseMs: 1000 * 60 ** (i % 3),
                })),
              },
            }
          : {}),
        mode: answerMode === "choice" ? ("first_correct" as const) : ("everyone" as const),
      })),
    ),
  answer_ack: (text) => [
    { kind: "answer_ack", position: 0, given: { type: "text", text: text.name }, correct: true, points: 1 },
    { kind: "answer_ack", position: 2, given: { type: "keys", keys: ["A", "C"] }, correct: false, points: 0 },
    { kind: "answer_ack", position: 1, given: { type: "truth", value: true }, correct: true, points: 2 },
    { kind: "answer_ack", position: 3, given: { type: "code" }, correct: false, points: 0 },
  ],
  round_summary: (text) =>
    (["finished", "stopped", "inactive"] as const).map((outcome, i) => ({
      kind: "round_summary" as const,
      roundId: 1,
      daily: i === 1,
      outcome,
      rows: summaryRows(text),
      questions: Array.from({ length: text.rows }, (_, position) => ({
        position,
        correctCount: 1,
        answeredCount: 2,
      })),
      questionCount: text.rows + 1,
    })),
  round_started: (text) => [
    {
      kind: "round_started",
      startedBy: text.member,
      questionCount: 1,
      seconds: 30,
      mode: "everyone",
      packTitle: "Python concurrency",
    },
    {
      kind: "round_started",
      startedBy: text.otherMember,
      questionCount: 50,
      seconds: 1,
      mode: "first_correct",
      packTitle: text.prompt,
      topic: "asyncio",
    },
  ],
  dashboard_link: () => [
    {
      kind: "dashboard_link",
      url: "https://quiz.example.org/enter?token=v1.eyJwIjoiZGlzY29yZCJ9.c2ln",
      role: "organiser",
      minutesValid: 15,
    },
    {
      kind: "dashboard_link",
      url: "http://127.0.0.1:8090/enter?token=abc_-",
      role: "member",
      minutesValid: 15,
    },
    { kind: "dashboard_link" },
  ],
  notice: (text) => [
    { kind: "notice", notice: { code: "round_running", position: 1, total: 1, startedBy: text.member } },
    { kind: "notice", notice: { code: "no_questions", filter: text.prompt, schedule: true } },
    {
      kind: "notice",
      notice: {
        code: "invalid_option",
        option: "questions",
        expected: { type: "number", min: 1, max: 50, whole: true, example: 3 },
      },
    },
    {
      kind: "notice",
      notice: {
        code: "invalid_option",
        option: text.name,
        expected: { type: "letters", last: "D", several: true },
      },
    },
    {
      kind: "notice",
      notice: { code: "config_saved", settings: { questionSeconds: 20, timeZone: "Europe/Berlin" } },
    },
    { kind: "notice", notice: { code: "not_allowed", needed: "admin" } },
    { kind: "notice", notice: { code: "round_stopped", by: text.member } },
    { kind: "notice", notice: { code: "unknown_action" } },
    { kind: "notice", notice: { code: "internal_error" } },
  ],
  help: () => [{ kind: "help" }],
  review_card: (text) =>
    (["choice", "truefalse", "recall"] as const).flatMap((answerMode) =>
      [false, true].map((revealed) => ({
        kind: "review_card" as const,
        position: 0,
        total: text.rows + 1,
        dueCount: text.rows,
        isNew: !revealed,
        prompt: text.prompt,
        code: text.code,
        answerMode,
        choices:
          answerMode === "recall"
            ? []
            : (answerMode === "truefalse"
                ? truthLabels
                : textLabels([text.prompt.split("\n")[0] ?? "", `\`${text.name}\``])
              ).map((label, i) => ({
                key: String.fromCharCode(65 + i),
                label,
                actionId: `rv:a:${i}`,
              })),
        ...(answerMode === "recall" ? { showAnswerActionId: "rv:show" } : {}),
        ...(revealed
          ? {
              reveal: {
                correctAnswer:
                  answerMode === "recall"
                    ? { type: "output" as const, output: text.name }
                    : { type: "text" as const, text: `\`${text.name}\`` },
                explanation: text.prompt,
                reference: docsUrl,
                given:
                  answerMode === "truefalse"
                    ? { type: "truth" as const, value: true }
                    : { type: "keys" as const, keys: ["A"] },
                correct: false,
              },
              grades: ([1, 2, 3, 4] as const).map((grade) => ({
                grade,
                actionId: `rv:g:${grade}`,
                intervalMs: 60_000 * 10 ** grade,
                suggested: grade === 1,
              })),
            }
          : {}),
        pauseActionId: "rv:pause",
      })),
    ),
  review_summary: (text) =>
    (["finished", "paused", "nothing_due", "on_vacation"] as const).map((outcome) => ({
      kind: "review_summary" as const,
      outcome,
      reviewed: text.rows,
      again: Math.min(1, text.rows),
      remaining: text.rows,
      nextDue: (outcome === "nothing_due" || outcome === "on_vacation") && text.rows === 0 ? null : later,
      timeZone: "Europe/Berlin",
    })),
  review_settings: (text) => [
    {
      kind: "review_settings",
      retention: 0.9,
      newPerDay: text.rows,
      timeZone: text.rows === 0 ? null : "America/New_York",
      reminderTime: text.rows === 0 ? null : "08:30",
      remindersEnabled: text.rows > 0,
      snippetCards: text.rows % 2 === 0,
      lightWeekdays: text.rows === 0 ? [] : [0, 6],
      vacation: text.rows === 0 ? null : { until: text.rows % 2 === 0 ? later : null },
      ...(text.rows > 0
        ? {
            // Today alone, or today and one or two later days; the counts add up to the backlog.
            backFromVacation: {
              cards: text.rows * (1 + (text.rows % 3)),
              perDay: Array.from({ length: 1 + (text.rows % 3) }, () => text.rows),
            },
          }
        : {}),
      fitActionId: "rv:fit",
      workload: [0.8, 0.85, 0.9, 0.95].map((retention) => ({
        retention,
        perDay: Array.from({ length: 30 }, (_, i) => (i * text.rows) % 17),
        current: retention === 0.9,
      })),
    },
  ],
  review_reminder: (text) => [
    { kind: "review_reminder", due: text.rows, minutes: 1, startActionId: "rv:start" },
  ],
  parameter_fit: (text) =>
    (["started", "already_running", "too_few"] as const).map((outcome) => ({
      kind: "parameter_fit" as const,
      outcome,
      reviews: text.rows,
      threshold: 400,
    })),
  stats: (text) => [
    {
      kind: "stats",
      dueToday: text.rows,
      duePerDay: Array.from({ length: 7 }, (_, i) => ({
        date: `2026-12-0${i + 1}`,
        count: i === 0 ? 1 : i * text.rows,
      })),
      reviewsDone: text.rows === 0 ? 1 : text.rows,
      retention30: text.rows === 0 ? null : 0.87,
      reviews30: text.rows,
      currentStreak: 1,
      streakFreezes: text.rows % 3,
      longestStreak: text.rows,
      strongest: Array.from({ length: Math.min(text.rows, 3) }, (_, i) => ({
        tag: `${text.name}-${i}`,
        accuracy: 0.9,
        total: 12,
      })),
      weakest: Array.from({ length: Math.min(text.rows, 3) }, (_, i) => ({
        tag: `topic_${i}`,
        accuracy: 0.1,
        total: 1,
      })),
      minTopicCount: 5,
      parameters: {
        source: text.rows > 3 ? "member" : "defaults",
        since: text.rows > 3 ? "2026-12-01" : null,
        ownFit:
          text.rows > 1
            ? {
                fittedOn: "2026-12-01",
                accepted: text.rows > 3,
                fitted: { logLoss: 0.3, rmse: 0.04 },
                defaults: { logLoss: 0.35, rmse: 0.06 },
              }
            : null,
        reviews: text.rows,
        threshold: 400,
      },
    },
  ],
  leaderboard: (text) =>
    (["points", "accuracy", "answers", "streak"] as const).flatMap((metric, i) => [
      {
        kind: "leaderboard" as const,
        group:
          i === 0
            ? { kind: "channel" as const, name: "C123" }
            : i === 1
              ? { kind: "workspace" as const, name: "" }
              : { kind: "named" as const, name: text.other },
        defaulted: i === 0,
        period: (["week", "month", "all", "week"] as const)[i] ?? "week",
        periodKey: "2026-W49",
        timeZone: "Europe/Berlin",
        metric,
        minAnswers: i === 1 ? 1 : 10,
        top: boardLines(text, i % 2 === 1),
        caller: {
          rank: i === 1 ? null : 11,
          displayName: text.member,
          points: 0,
          answered: 1,
          correct: 0,
          streak: 0,
          freezes: 0,
        },
        shareActionId: `lb:share:u1:week:${metric}:c`,
      },
      {
        kind: "leaderboard" as const,
        group: { kind: "channel" as const, name: "C123" },
        defaulted: true,
        period: "all" as const,
        periodKey: "all",
        timeZone: "UTC",
        metric,
        minAnswers: 10,
        top: boardLines(text, false),
        sharedBy: text.member,
        caller: {
          rank: i === 3 ? null : 12,
          displayName: text.member,
          points: 1,
          answered: 9,
          correct: 1,
          streak: 1,
          freezes: 1,
        },
      },
    ]),
  group_outcome: (text) => [
    { kind: "group_outcome", outcome: { code: "created", name: text.other, by: text.member } },
    { kind: "group_outcome", outcome: { code: "renamed", from: text.other, to: `${text.other} 2` } },
    { kind: "group_outcome", outcome: { code: "unknown_group", name: text.name } },
    {
      kind: "group_outcome",
      outcome: { code: "invalid_name", name: text.name, problem: "invalid_characters" },
    },
  ],
  group_list: (text) => [
    {
      kind: "group_list",
      groups: Array.from({ length: text.rows }, (_, i) => ({
        name: `${text.other} ${i}`,
        members: i,
        joined: i % 2 === 0,
        owned: i === 1,
      })),
    },
  ],
  schedule_added: (text) => [
    {
      kind: "schedule_added",
      schedule: scheduleLine(text, 0, false),
      firstSlot: at,
      firstClosesAt: later,
    },
  ],
  schedule_list: (text) => [
    {
      kind: "schedule_list",
      schedules: Array.from({ length: text.rows }, (_, i) => scheduleLine(text, i, i % 2 === 1)),
    },
  ],
  schedule_outcome: () =>
    (["paused", "resumed", "removed", "not_found"] as const).map((outcome) => ({
      kind: "schedule_outcome" as const,
      outcome,
      id: 3,
    })),
  schedule_problem: (text) => [
    { kind: "schedule_problem", problem: { code: "unrecognised_when", text: text.prompt } },
    { kind: "schedule_problem", problem: { code: "bad_interval", minutes: 1 } },
    { kind: "schedule_problem", problem: { code: "bad_cron", text: "* * *", detail: text.name } },
    {
      kind: "schedule_problem",
      problem: { code: "too_frequent", first: at, second: later, timeZone: "Europe/Berlin" },
    },
    { kind: "schedule_problem", problem: { code: "unknown_time_zone", zone: text.name } },
  ],
  snippet_run: (text) =>
    [run, failedRun].map((summary, i) => ({
      kind: "snippet_run" as const,
      ...summary,
      runId: 5,
      authorName: text.member,
      requestedBy: text.otherMember,
      rerun: i === 1,
      code: text.code,
      stdout: output(text.output, text.rows * 3),
      stderr: output("Traceback", i),
      ...(text.rows > 3 ? { fullOutput: text.output.repeat(200) } : {}),
      againActionId: "run:again:5",
      determinismActionId: "run:det:5",
      ...(i === 0 ? { compareActionId: "run:cmp:5" } : {}),
      review: i === 0 ? findings(text) : syntaxError(text),
    })),
  snippet_determinism: (text) =>
    [false, true].map((differed) => ({
      kind: "snippet_determinism" as const,
      runId: 5,
      authorName: text.member,
      requestedBy: text.otherMember,
      runs: [run, run, differed ? failedRun : run],
      differed,
      differingRuns: differed ? [3] : [],
      firstDifference: differed
        ? { run: 3, stream: "stdout" as const, line: 1, first: text.output, other: null }
        : null,
      againActionId: "run:again:5",
      determinismActionId: "run:det:5",
      ...(differed ? { exploreActionId: "run:explore:5" } : {}),
    })),
  snippet_timing: (text) =>
    (["timed", "unfinished", "failed"] as const).map((kind) => ({
      kind: "snippet_timing",
      authorName: text.name,
      statement: text.code,
      setup: kind === "timed" ? text.code : null,
      interpreter: "3.12",
      outcome:
        kind === "timed"
          ? { kind, report: "2000 loops, best of 5: 104 usec per loop" }
          : kind === "unfinished"
            ? { kind, loops: 5, seconds: 0.31, wallMs: 5004 }
            : { kind, error: text.output },
      ...(kind === "timed" ? { compareActionId: "run:tcmp:5" } : {}),
    })),
  snippet_timing_comparison: (text) =>
    [3, 1, 0].map((timedRows) => ({
      kind: "snippet_timing_comparison",
      authorName: text.member,
      requestedBy: text.otherMember,
      statement: text.code,
      setup: timedRows === 3 ? text.code : null,
      rows: ["3.12", "3.13t", "pyodide"].map((name, i) => ({
        name,
        version: `${name}.1`,
        freeThreaded: name.endsWith("t"),
        wasm: name === "pyodide",
        outcome:
          i < timedRows
            ? { kind: "timed", report: `${2000 / (i + 1)} loops, best of 5: ${104 * (i + 1)} usec per loop` }
            : i === 1
              ? { kind: "unfinished", loops: null, seconds: null, wallMs: 5004 }
              : { kind: "failed", error: text.output },
        secondsPerLoop: i < timedRows ? 104e-6 * (i + 1) : null,
        relative: i < timedRows ? i + 1 : null,
      })),
      compareActionId: "run:tcmp:5",
    })),
  snippet_comparison: (text) => [
    {
      kind: "snippet_comparison",
      runId: 5,
      authorName: text.member,
      requestedBy: text.otherMember,
      rows: ["3.12", "3.13t", "pyodide"].map((name, i) => ({
        name,
        version: `${name}.1`,
        freeThreaded: name.endsWith("t"),
        wasm: name === "pyodide",
        run: i === 2 ? failedRun : run,
        cpuMs: i === 2 ? null : 30,
        ...(i === 2
          ? { refusal: { code: "needs_native_runner" as const, feature: "threads" as const } }
          : {}),
        same: i === 0,
        firstDifference:
          i === 1 ? { stream: "stdout" as const, line: 2, reference: text.output, other: "`x`" } : null,
      })),
      output: output(text.output, text.rows),
      againActionId: "run:again:5",
      determinismActionId: "run:det:5",
      compareActionId: "run:cmp:5",
      exploreActionId: "run:explore:5",
    },
  ],
  snippet_exploration: (text) => [
    ...explorations(text).map((exploration) => ({
      kind: "snippet_exploration" as const,
      runId: 5,
      authorName: text.member,
      requestedBy: text.otherMember,
      exploration,
      replayActionId: "run:replay:5:44:0,56:2",
      exploreActionId: "run:explore:5",
      againActionId: "run:again:5",
    })),
    {
      kind: "snippet_exploration",
      runId: 5,
      authorName: text.member,
      requestedBy: text.otherMember,
      exploration: null,
      failed: failedRun,
      exploreActionId: "run:explore:5",
      againActionId: "run:again:5",
    },
  ],
  challenge_result: (text) =>
    [1, 2, 3].map((checksTotal, i) => ({
      kind: "challenge_result" as const,
      ...(i === 2 ? failedRun : run),
      position: 0,
      checks: Array.from({ length: checksTotal }, (_, c) => ({
        name: `check_${text.name}_${c}`,
        passed: i === 0 || c === 0,
        ...(i === 0 || c === 0 ? {} : { error: `AssertionError: ${text.output}` }),
      })),
      checksTotal,
      ...(i === 1 ? { loadError: "NameError: name `x` is not defined" } : {}),
      noReport: i === 2,
      outcome:
        i === 2
          ? { type: "refused" as const, reason: "question_closed" as const }
          : { type: "recorded" as const, correct: i === 0, points: i === 0 ? 1 : 0 },
      ...(i === 0 ? { review: findings(text) } : {}),
    })),
  snippet_refused: (text) => [
    { kind: "snippet_refused", refusal: { code: "no_code", from: "form" }, submission: true },
    { kind: "snippet_refused", refusal: { code: "queue_full", ahead: 1 }, submission: false },
    { kind: "snippet_refused", refusal: { code: "runner_busy" }, submission: false },
    {
      kind: "snippet_refused",
      refusal: { code: "unknown_interpreter", name: text.name, offered: ["3.12", "pyodide"] },
      submission: false,
    },
  ],
  snippet_cards: (text) =>
    (["added", "already_added", "none_unseen"] as const).flatMap((outcome) =>
      [false, true].map((automatic) => ({
        kind: "snippet_cards" as const,
        outcome,
        count: outcome === "added" ? Math.max(1, text.rows) : 0,
        tags: Array.from({ length: text.rows }, (_, i) => `tag_${i}`),
        automatic,
      })),
    ),
  snippet_review: (text) =>
    (
      [
        findings(text),
        syntaxError(text),
        { status: "clean", checked: ["threads", "asyncio"] },
        { status: "too_complex" },
        { status: "unavailable" },
      ] as ReviewSection[]
    ).map((review, i) => ({
      kind: "snippet_review" as const,
      authorName: text.member,
      requestedBy: text.otherMember,
      code: text.code,
      review,
      notRun: i === 1,
    })),
};

function scheduleLine(text: SampleText, i: number, paused: boolean) {
  return {
    id: i + 1,
    description: `weekdays 09:0${i % 10}`,
    cron: "0 9 * * 1-5",
    timeZone: "Europe/Berlin",
    pack: i % 2 === 0 ? null : text.other,
    questionCount: i + 1,
    closeBeforeNextMinutes: 60,
    paused,
    ...(paused ? {} : { nextSlot: at, nextClosesAt: later }),
  };
}
