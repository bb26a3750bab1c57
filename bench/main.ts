import { execFileSync } from "node:child_process";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { benchNow } from "./bench-now.js";
import { type BenchFigure, goalMet } from "./figure.js";
import { idleMemoryBenchmark } from "./idle-memory.js";
import { ingestionBenchmark } from "./ingestion.js";
import { writeReadmeTable } from "./readme-table.js";

/**
 * `npm run bench [-- --quick]`: every benchmark of the project in one run, one table, bench/results.json,
 * and the README's performance table regenerated from that file. Real Postgres when DATABASE_URL or
 * TEST_DATABASE_URL is set, else PGlite (and the benchmarks that need millions of rows are skipped).
 */
interface Section {
  readonly name: string;
  readonly needsPostgres: boolean;
  /** `now`: the present the section's data is built around (only the leaderboards take one). */
  run(options: { quick: boolean; databaseUrl?: string; now?: Date }): Promise<BenchFigure[]>;
}

const sections: readonly Section[] = [
  { name: "answer ingestion", needsPostgres: false, run: ingestionBenchmark },
  {
    name: "leaderboards",
    needsPostgres: true,
    run: async (options) => (await import("./leaderboard.js")).leaderboardBenchmark(options),
  },
  {
    name: "due reviews",
    needsPostgres: true,
    run: async (options) => (await import("./reviews.js")).reviewsBenchmark(options),
  },
  {
    name: "runner latency",
    needsPostgres: false,
    run: async (options) => (await import("./runner.js")).runnerBenchmark({ quick: options.quick }),
  },
  {
    name: "runner cold path",
    needsPostgres: false,
    run: async (options) =>
      (await import("./runner-profile.js")).runnerColdPathBenchmark({ quick: options.quick }),
  },
  {
    name: "daily fan-out",
    needsPostgres: false,
    run: async (options) => (await import("./daily-fanout.js")).dailyFanoutBenchmark(options),
  },
  {
    name: "discord shards",
    needsPostgres: false,
    run: async (options) => (await import("./discord-shards.js")).discordShardsBenchmark(options),
  },
  {
    name: "explorer timing",
    needsPostgres: false,
    run: async (options) => (await import("./explore.js")).exploreTimingBenchmark(options),
  },
  {
    name: "explorer stability",
    needsPostgres: false,
    run: async (options) => (await import("./explore.js")).exploreStabilityBenchmark(options),
  },
  {
    name: "code review",
    needsPostgres: false,
    run: async (options) => (await import("./code-review.js")).codeReviewBenchmark(options),
  },
  {
    name: "dashboard",
    needsPostgres: true,
    run: async (options) => (await import("./dashboard.js")).dashboardBenchmark(options),
  },
  {
    name: "runner plots",
    needsPostgres: false,
    run: async (options) => (await import("./plots.js")).plotsBenchmark(options),
  },
  {
    name: "pictures",
    needsPostgres: false,
    run: async (options) => (await import("./pictures.js")).picturesBenchmark(options),
  },
  { name: "idle memory", needsPostgres: false, run: (options) => idleMemoryBenchmark(options) },
  {
    name: "parameter fitting",
    needsPostgres: false,
    run: async (options) => (await import("./fitting.js")).fittingBenchmark(options),
  },
];

const quick = process.argv.includes("--quick");
/** `--only a,b`: run just the sections whose names contain one of these words (a change's own figures). */
const onlyArgument = process.argv.indexOf("--only");
const only =
  onlyArgument >= 0 ? (process.argv[onlyArgument + 1] ?? "").split(",").filter((word) => word !== "") : [];
const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
/** `--now 2026-12-07T01:00:00Z`: run as if at that moment (see bench-now.ts). */
const now = benchNow(process.argv);
const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const started = Date.now();
const loadAverage = () => os.loadavg().map((value) => Math.round(value * 100) / 100);
const loadAverageAtStart = loadAverage();

/** `--soak MINUTES`: the soak alone (two bots, two runner services; not in CI), then exit. */
const soakArgument = process.argv.indexOf("--soak");
if (soakArgument >= 0) {
  const minutes = Number(process.argv[soakArgument + 1]);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    console.error("--soak expects a number of minutes, e.g. `npm run bench -- --soak 10`");
    process.exit(2);
  }
  const { soakBenchmark } = await import("./soak.js");
  console.log(`soak: ${minutes} min, two bot processes and two runner services on PostgreSQL ...`);
  const soakFigures = await soakBenchmark({ minutes, ...(databaseUrl ? { databaseUrl } : {}) });
  console.table(
    soakFigures.map((figure) => ({
      figure: figure.figure,
      value: figure.value,
      unit: figure.unit,
      goal: figure.goal ?? "",
      met: goalMet(figure) === undefined ? "" : goalMet(figure) ? "yes" : "NO",
    })),
  );
  console.log(`load average at the end: ${loadAverage().join(" / ")}`);
  process.exit(0);
}

console.log(
  `quizbot benchmarks (${quick ? "quick" : "full"}) on ${databaseUrl ? "PostgreSQL" : "PGlite (set DATABASE_URL or TEST_DATABASE_URL for PostgreSQL)"}`,
);
console.log("building dist/ for the process benchmarks ...");
// Incremental: a rerun on unchanged sources takes about 3 s instead of 10 (on two idle cores). The build
// info lives in dist/, so removing dist/ removes it too and the next build is a full one.
execFileSync(
  "npm",
  ["run", "--silent", "build", "--", "--incremental", "--tsBuildInfoFile", "dist/.tsbuildinfo"],
  { cwd: repoRoot, stdio: "inherit" },
);

const figures: (BenchFigure & { section: string })[] = [];
const skipped: string[] = [];
/** Each section's wall-clock time and the load average as it ended: the machine may be shared. */
const timings: { section: string; seconds: number; loadAverage: number[] }[] = [];
for (const section of sections) {
  if (only.length > 0 && !only.some((word) => section.name.includes(word))) continue;
  if (section.needsPostgres && !databaseUrl) {
    skipped.push(`${section.name}: needs PostgreSQL`);
    continue;
  }
  const sectionStart = Date.now();
  process.stdout.write(`running ${section.name} ... `);
  try {
    const result = await section.run({
      quick,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(now ? { now } : {}),
    });
    figures.push(...result.map((figure) => ({ ...figure, section: section.name })));
    process.stdout.write("done ");
  } catch (error) {
    process.stdout.write("failed ");
    skipped.push(`${section.name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const seconds = Math.round((Date.now() - sectionStart) / 100) / 10;
  const timing = { section: section.name, seconds, loadAverage: loadAverage() };
  timings.push(timing);
  console.log(`in ${timing.seconds} s (load average ${timing.loadAverage.join(" / ")})`);
}

const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
  loadAverageAtStart,
};
const results = {
  generatedAt: new Date().toISOString(),
  mode: quick ? "quick" : "full",
  database: databaseUrl ? "postgres" : "pglite",
  durationSeconds: Math.round((Date.now() - started) / 1000),
  sections: timings,
  machine,
  figures: figures.map((figure) => ({ ...figure, met: goalMet(figure) ?? null })),
  skipped,
};

console.table(
  results.figures.map((figure) => ({
    figure: figure.figure,
    value: figure.value,
    unit: figure.unit,
    goal: figure.goal ?? "",
    met: figure.met === null ? "" : figure.met ? "yes" : "NO",
  })),
);
for (const line of skipped) console.log(`skipped: ${line}`);
if (quick) {
  // Smaller data and fewer samples: the goals are set for the full sizes, where they are decided.
  console.log(
    "quick mode: goals are stated for the full sizes; a NO here is a hint, `npm run bench` decides",
  );
}
if (only.length > 0) {
  // A partial run must not replace the whole run's file and table.
  console.log(
    `--only: bench/results.json and the README table left as they were (${results.durationSeconds} s)`,
  );
} else {
  await writeFile(new URL("./results.json", import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  await writeReadmeTable(results);
  console.log(`wrote bench/results.json and the README table in ${results.durationSeconds} s`);
}
