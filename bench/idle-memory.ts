import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchFigure, quantile, round } from "./figure.js";
import { freshPostgres } from "./fresh-database.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/** Starts per case: the median of three in a full run, one in `--quick` (each start costs seconds). */
const startsFor = (quick: boolean) => (quick ? 1 : 3);
const idleMs = 3000;

/** RSS in MB when the bot logged each step of its start, in order, and after it idled. */
export interface StartMemory {
  readonly steps: readonly { readonly step: string; readonly rssMb: number }[];
  readonly idleRssMb: number;
}

/**
 * Resident memory of the compiled bot process (dist/, as the Docker image runs it) after start-up, idle,
 * with PostgreSQL and with the embedded PGlite: the median of three starts each (one in quick mode). PGlite is measured twice:
 * on a new data directory (the first start creates the database) and on that directory again (every later
 * start). Needs `npm run build` first (bench/main.ts does it).
 */
export async function idleMemoryBenchmark(options: {
  quick?: boolean;
  databaseUrl?: string;
}): Promise<BenchFigure[]> {
  return figuresOf(await measureIdleMemory(options));
}

/** Every start's memory: PostgreSQL (when a server is given), PGlite on a new and on an existing data dir. */
export async function measureIdleMemory(options: { quick?: boolean; databaseUrl?: string }): Promise<{
  postgres: StartMemory[];
  pgliteNew: StartMemory[];
  pgliteExisting: StartMemory[];
}> {
  const starts = startsFor(options.quick ?? false);
  const postgres: StartMemory[] = [];
  if (options.databaseUrl) {
    const db = await freshPostgres(options.databaseUrl, "memory");
    try {
      for (let i = 0; i < starts; i += 1) postgres.push(await idleStart({ DATABASE_URL: db.url }));
    } finally {
      await db.close();
    }
  }
  const pgliteNew: StartMemory[] = [];
  const pgliteExisting: StartMemory[] = [];
  for (let i = 0; i < starts; i += 1) {
    const dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-memory-"));
    try {
      pgliteNew.push(await idleStart({ DATA_DIR: dataDir }));
      pgliteExisting.push(await idleStart({ DATA_DIR: dataDir }));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  return { postgres, pgliteNew, pgliteExisting };
}

function figuresOf(measured: Awaited<ReturnType<typeof measureIdleMemory>>): BenchFigure[] {
  const median = (samples: readonly StartMemory[]) => {
    const rss = samples.map((sample) => sample.idleRssMb);
    return round(quantile(rss, 0.5), 1);
  };
  const figures: BenchFigure[] = [];
  if (measured.postgres.length > 0) {
    figures.push({
      figure: "idle memory with PostgreSQL (RSS)",
      unit: "MB",
      value: median(measured.postgres),
      goal: "<= 150",
    });
  }
  figures.push(
    {
      figure: "idle memory with PGlite (RSS)",
      unit: "MB",
      value: median(measured.pgliteNew),
      goal: "<= 450",
    },
    {
      figure: "idle memory with PGlite, existing data dir (RSS)",
      unit: "MB",
      value: median(measured.pgliteExisting),
      goal: "<= 450",
    },
  );
  return figures;
}

/**
 * Starts the console bot with an open stdin and samples its VmRSS as each start-up log line arrives (info
 * level, so the steps are logged), then once more after it has idled. Waits for the process to exit, so a
 * following start on the same data directory never meets it.
 */
async function idleStart(env: Record<string, string>): Promise<StartMemory> {
  const child = spawn(process.execPath, ["dist/cli/main.js", "start", "--platform", "console"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const steps: { step: string; rssMb: number }[] = [];
  const marks = [
    ["storage ready", "packs, storage open and migrated"],
    ["code runner ready", "code runner created"],
    ["quizbot console", "console platform started"],
    ["quizbot is running", "bot started"],
  ] as const;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the bot did not start within 120 s")), 120_000);
      // The console writes its log lines to stderr (stdout is the conversation), so both are read.
      const watch = (stream: NodeJS.ReadableStream) => {
        let pending = "";
        stream.on("data", (chunk: Buffer) => {
          pending += chunk.toString("utf8");
          const lines = pending.split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) {
            const mark = marks.find(([text]) => line.includes(text));
            if (!mark) continue;
            steps.push({ step: mark[1], rssMb: rssOf(child.pid) });
            if (mark[0] === "quizbot is running") {
              clearTimeout(timer);
              resolve();
            }
          }
        });
      };
      watch(child.stdout);
      watch(child.stderr);
      child.on("exit", (code) => reject(new Error(`the bot exited with ${code} before it was ready`)));
    });
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    return { steps, idleRssMb: rssOf(child.pid) };
  } finally {
    child.stdin.end();
    child.kill("SIGTERM");
    await exited;
  }
}

/** VmRSS of a process in MB, from /proc (Linux); NaN once it is gone. */
export function rssOf(pid: number | undefined): number {
  let status = "";
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    // Exited between the log line and this read.
  }
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024, 1);
}

/** Each start's RSS at every step, one row per step, one column per start. */
function breakdown(label: string, samples: readonly StartMemory[]): Record<string, string | number>[] {
  const steps = samples[0]?.steps.map((step) => step.step) ?? [];
  const rows = [...steps, "idle 3 s later"].map((step, index) => {
    const row: Record<string, string | number> = { case: label, step };
    samples.forEach((sample, start) => {
      row[`start ${start + 1} (MB)`] =
        index < steps.length ? (sample.steps[index]?.rssMb ?? Number.NaN) : sample.idleRssMb;
    });
    return row;
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const measured = await measureIdleMemory(databaseUrl ? { databaseUrl } : {});
  console.table([
    ...breakdown("PostgreSQL", measured.postgres),
    ...breakdown("PGlite, new data dir", measured.pgliteNew),
    ...breakdown("PGlite, existing data dir", measured.pgliteExisting),
  ]);
  console.table(figuresOf(measured));
}
