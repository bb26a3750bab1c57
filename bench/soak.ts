import { type ChildProcess, fork, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { count, countDistinct, sql } from "drizzle-orm";
import { openPostgres } from "../src/storage/database.js";
import { answers } from "../src/storage/schema/index.js";
import { type BenchFigure, percentile, round } from "./figure.js";
import { benchServerUrl, migratedPostgres } from "./fresh-database.js";
import type { SoakCommand, SoakReply } from "./soak-bot.js";

/**
 * `npm run bench -- --soak MINUTES` (not in CI): two bot processes (bench/soak-bot.ts) on one fresh
 * PostgreSQL database and two runner services (`quizbot runner serve`) on this machine. For MINUTES, 200
 * answers/s go to the bots (alternating; every 50th is also redelivered to the other bot, as a platform
 * may) and 5 runs/s go through the bots to the services. At the end: answers lost or double-counted,
 * p99 answer latency, runs failed, and each process's resident memory and open file descriptors at the
 * start and the end, sampled every ten seconds between, with the drift from the second minute to the last.
 */
const answersPerSecond = 200;
const runsPerSecond = 5;
const redeliverEvery = 50;
const newQuestionEveryMs = 60_000;
const repoRoot = fileURLToPath(new URL("..", import.meta.url));

interface Watched {
  readonly name: string;
  readonly pid: number;
}

interface Usage {
  readonly rssMiB: number;
  readonly fds: number;
}

export async function soakBenchmark(options: {
  minutes: number;
  databaseUrl?: string;
}): Promise<BenchFigure[]> {
  const token = randomBytes(16).toString("hex");
  const scratch = await migratedPostgres(benchServerUrl(options.databaseUrl), "soak");
  const children: ChildProcess[] = [];
  try {
    const services = await Promise.all([0, 1].map(() => startService(token, children)));
    const bots = await Promise.all(
      [0, 1].map(() =>
        startBot(scratch.url, services.map((service) => service.url).join(","), token, children),
      ),
    );
    const watched: Watched[] = [
      ...bots.map((bot, i) => ({ name: `bot ${i + 1}`, pid: bot.child.pid ?? 0 })),
      ...services.map((service, i) => ({ name: `runner service ${i + 1}`, pid: service.child.pid ?? 0 })),
    ];
    const drive = await driveLoad(bots, options.minutes, watched);
    const reports = await Promise.all(bots.map((bot) => bot.request({ type: "report" }, "report")));
    for (const bot of bots) bot.send({ type: "stop" });
    await Promise.all(bots.map((bot) => bot.exited));
    return figures(options.minutes, drive, reports, await storedAnswers(scratch.url), watched);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await scratch.drop();
  }
}

interface DriveResult {
  readonly sent: number;
  readonly redelivered: number;
  readonly runsAsked: number;
  readonly latencies: number[];
  readonly usage: {
    readonly start: Map<string, Usage>;
    /** Every ten seconds while the load runs, from the start. */
    readonly samples: readonly { readonly atMs: number; readonly usage: Map<string, Usage> }[];
    readonly end: Map<string, Usage>;
  };
}

const sampleEveryMs = 10_000;

/** Paces answers and runs for `minutes`, opening a fresh question per bot every minute. */
async function driveLoad(
  bots: SoakBot[],
  minutes: number,
  watched: readonly Watched[],
): Promise<DriveResult> {
  const questions = await Promise.all(bots.map((bot, i) => bot.open(`soak-${i}-0`)));
  const start = await usageOf(watched);
  const samples: { atMs: number; usage: Map<string, Usage> }[] = [];
  let nextSampleAt = performance.now() + sampleEveryMs;
  const latencies: number[] = [];
  const started = performance.now();
  const endAt = started + minutes * 60_000;
  let sent = 0;
  let redelivered = 0;
  let runsAsked = 0;
  let nextQuestionAt = started + newQuestionEveryMs;
  let minute = 1;
  while (performance.now() < endAt) {
    const elapsed = performance.now() - started;
    for (; sent < Math.floor((elapsed / 1000) * answersPerSecond); sent += 1) {
      const which = sent % bots.length;
      const question = questions[which];
      const bot = bots[which];
      if (!question || !bot) continue;
      const answer = {
        type: "answer",
        channel: question.channel,
        roundQuestionId: question.roundQuestionId,
        member: `m${sent}`,
        deliveryId: `a${sent}`,
      } as const;
      bot.send(answer);
      if (sent % redeliverEvery === 0) {
        bots[(which + 1) % bots.length]?.send(answer);
        redelivered += 1;
      }
    }
    for (; runsAsked < Math.floor((elapsed / 1000) * runsPerSecond); runsAsked += 1) {
      bots[runsAsked % bots.length]?.send({ type: "run" });
    }
    if (performance.now() >= nextQuestionAt) {
      nextQuestionAt += newQuestionEveryMs;
      // A fresh question per bot each minute.
      const fresh = await Promise.all(bots.map((bot, i) => bot.open(`soak-${i}-${minute}`)));
      questions.splice(0, questions.length, ...fresh);
      minute += 1;
    }
    if (performance.now() >= nextSampleAt) {
      nextSampleAt += sampleEveryMs;
      samples.push({ atMs: performance.now() - started, usage: await usageOf(watched) });
    }
    for (const bot of bots) latencies.push(...(await bot.request({ type: "report" }, "report")).latencies);
    await sleep(50);
  }
  // Let answers and runs in flight finish before the last figures.
  await sleep(5_000);
  const end = await usageOf(watched);
  return { sent, redelivered, runsAsked, latencies, usage: { start, samples, end } };
}

async function storedAnswers(url: string): Promise<{ rows: number; distinct: number }> {
  const database = await openPostgres({ url, poolSize: 1 });
  try {
    const [stored] = await database.db
      .select({
        rows: count(),
        distinct: countDistinct(sql`(${answers.userId}, ${answers.roundQuestionId})`),
      })
      .from(answers);
    return { rows: stored?.rows ?? 0, distinct: stored?.distinct ?? 0 };
  } finally {
    await database.close();
  }
}

type Report = Extract<SoakReply, { type: "report" }>;

function figures(
  minutes: number,
  drive: DriveResult,
  reports: readonly Report[],
  stored: { rows: number; distinct: number },
  watched: readonly Watched[],
): BenchFigure[] {
  const latencies = [...drive.latencies, ...reports.flatMap((report) => report.latencies)];
  const runsFailed = reports.reduce((sum, report) => sum + report.runsFailed, 0);
  const runsOk = reports.reduce((sum, report) => sum + report.runsOk, 0);
  const answerErrors = reports.reduce((sum, report) => sum + report.answerErrors, 0);
  const failures = reports.map((report) => JSON.stringify(report.runFailures)).join(" ");
  const { start, samples, end } = drive.usage;
  const lastMinuteFrom = minutes * 60_000 - 60_000;
  const perProcess = watched.flatMap((process): BenchFigure[] => {
    const at = (sample: Map<string, Usage> | undefined) => sample?.get(process.name);
    const [s, e] = [at(start), at(end)];
    // One reading of a garbage-collected process's RSS lands anywhere on its sawtooth (a runner service
    // read 142 MiB after the first minute and 178 at the end, below its 196 at the start), so drift
    // compares the medians of the second minute's samples and the last minute's: a leak raises the
    // median too, where a single reading may just catch a collection.
    const window = (from: number, to: number) =>
      samples.filter((sample) => sample.atMs >= from && sample.atMs < to).map((sample) => at(sample.usage));
    const median = (usages: (Usage | undefined)[], pick: (usage: Usage) => number) =>
      percentile(
        usages.flatMap((usage) => (usage ? [pick(usage)] : [])),
        50,
      );
    const second = window(60_000, 120_000);
    const last = window(Math.max(120_000, lastMinuteFrom), Number.POSITIVE_INFINITY);
    const drift = (pick: (usage: Usage) => number) => {
      const before = median(second, pick);
      return round(((median(last, pick) - before) / Math.max(1, before)) * 100);
    };
    const name = `soak ${minutes} min: ${process.name}`;
    // Drift needs a second minute and a later one to compare: a soak under three minutes reports none.
    const drifts: BenchFigure[] =
      second.length > 0 && last.length > 0 && minutes >= 3
        ? [
            {
              figure: `${name} RSS drift, last minute against the second (medians of ${second.length} and ${last.length} samples; ${round(median(second, (usage) => usage.rssMiB))} MiB then)`,
              unit: "%",
              value: drift((usage) => usage.rssMiB),
              goal: "<= 10",
            },
            {
              figure: `${name} fd drift, last minute against the second (${median(second, (usage) => usage.fds)} then)`,
              unit: "%",
              value: drift((usage) => usage.fds),
              goal: "<= 10",
            },
            {
              figure: `${name} RSS range over the run (samples every 10 s)`,
              unit: "MiB",
              value: round(
                Math.max(...samples.map((sample) => at(sample.usage)?.rssMiB ?? 0)) -
                  Math.min(...samples.map((sample) => at(sample.usage)?.rssMiB ?? Number.POSITIVE_INFINITY)),
              ),
            },
          ]
        : [];
    return [
      { figure: `${name} RSS at start`, unit: "MiB", value: s?.rssMiB ?? Number.NaN },
      { figure: `${name} RSS at end`, unit: "MiB", value: e?.rssMiB ?? Number.NaN },
      { figure: `${name} open fds at start`, unit: "fds", value: s?.fds ?? Number.NaN },
      { figure: `${name} open fds at end`, unit: "fds", value: e?.fds ?? Number.NaN },
      ...drifts,
    ];
  });
  return [
    {
      figure: `soak ${minutes} min: answers sent (${answersPerSecond}/s; ${drive.redelivered} also redelivered to the other bot)`,
      unit: "answers",
      value: drive.sent,
    },
    {
      figure: `soak ${minutes} min: answers lost`,
      unit: "answers",
      value: Math.max(0, drive.sent - stored.distinct),
      goal: "= 0",
    },
    {
      figure: `soak ${minutes} min: answers double-counted`,
      unit: "answers",
      value: stored.rows - stored.distinct,
      goal: "= 0",
    },
    {
      figure: `soak ${minutes} min: answers refused with an error`,
      unit: "answers",
      value: answerErrors,
      goal: "= 0",
    },
    {
      figure: `soak ${minutes} min: p50 answer receipt to stored`,
      unit: "ms",
      value: round(percentile(latencies, 50)),
    },
    {
      figure: `soak ${minutes} min: p99 answer receipt to stored`,
      unit: "ms",
      value: round(percentile(latencies, 99)),
    },
    { figure: `soak ${minutes} min: runs asked (${runsPerSecond}/s)`, unit: "runs", value: drive.runsAsked },
    { figure: `soak ${minutes} min: runs ok`, unit: "runs", value: runsOk },
    {
      figure: `soak ${minutes} min: runs failed${runsFailed > 0 ? ` ${failures}` : ""}`,
      unit: "runs",
      value: runsFailed,
      goal: "= 0",
    },
    ...perProcess,
  ];
}

/** Resident memory (VmRSS) and open file descriptors of each process, from /proc. */
async function usageOf(watched: readonly Watched[]): Promise<Map<string, Usage>> {
  const sampled = new Map<string, Usage>();
  for (const process of watched) {
    const status = await readFile(`/proc/${process.pid}/status`, "utf8").catch(() => "");
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    const fds = (await readdir(`/proc/${process.pid}/fd`).catch(() => [])).length;
    sampled.set(process.name, { rssMiB: round(rssKiB / 1024), fds });
  }
  return sampled;
}

interface SoakBot {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  send(command: SoakCommand): void;
  request<T extends SoakReply["type"]>(
    command: SoakCommand,
    reply: T,
  ): Promise<Extract<SoakReply, { type: T }>>;
  open(channel: string): Promise<{ channel: string; roundQuestionId: number }>;
}

/** A bot process (bench/soak-bot.ts under tsx) on the soak's database and runner services. */
async function startBot(
  databaseUrl: string,
  runnerUrls: string,
  token: string,
  children: ChildProcess[],
): Promise<SoakBot> {
  const child = fork(fileURLToPath(new URL("./soak-bot.ts", import.meta.url)), [], {
    cwd: repoRoot,
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      SOAK_DATABASE_URL: databaseUrl,
      SOAK_RUNNER_URLS: runnerUrls,
      SOAK_RUNNER_TOKEN: token,
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const next = <T extends SoakReply["type"]>(type: T, match: (reply: SoakReply) => boolean = () => true) =>
    new Promise<Extract<SoakReply, { type: T }>>((resolve, reject) => {
      const onMessage = (reply: SoakReply) => {
        if (reply.type !== type || !match(reply)) return;
        child.off("message", onMessage);
        resolve(reply as Extract<SoakReply, { type: T }>);
      };
      child.on("message", onMessage);
      void exited.then(() => reject(new Error("a soak bot process ended early")));
    });
  await next("ready");
  const send = (command: SoakCommand) => {
    if (child.connected) child.send(command);
  };
  return {
    child,
    exited,
    send,
    request(command, reply) {
      const answer = next(reply);
      send(command);
      return answer;
    },
    async open(channel) {
      const opened = next("opened", (reply) => reply.type === "opened" && reply.channel === channel);
      send({ type: "open", channel });
      return opened;
    },
  };
}

/** `quizbot runner serve` on a free port; resolves with its URL once it listens. */
function startService(
  token: string,
  children: ChildProcess[],
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["bin/quizbot.js", "runner", "serve", "--port", "0"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      RUNNER_TOKEN: token,
      RUNNER_CONCURRENCY: "2",
      RUNNER_WARM_POOL: "2",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const url = /"url":"(http:\/\/[^"]+)".*runner service listening/.exec(output)?.[1];
      if (url) resolve({ url, child });
    });
    child.once("exit", (code) =>
      reject(new Error(`a runner service exited (${code}) before listening: ${output}`)),
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
