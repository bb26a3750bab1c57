import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BenchFigure, round } from "./figure.js";
import { freshPostgres } from "./fresh-database.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * Resident memory of the compiled bot process (dist/, as the Docker image runs it) after start-up, idle,
 * with PostgreSQL and with the embedded PGlite. Needs `npm run build` first (bench/main.ts does it).
 */
export async function idleMemoryBenchmark(options: { databaseUrl?: string }): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  if (options.databaseUrl) {
    const db = await freshPostgres(options.databaseUrl, "memory");
    try {
      const rss = await idleRss({ DATABASE_URL: db.url });
      figures.push({ figure: "idle memory with PostgreSQL (RSS)", unit: "MB", value: rss, goal: "<= 150" });
    } finally {
      await db.close();
    }
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), "quizbot-memory-"));
  try {
    const rss = await idleRss({ DATA_DIR: dataDir });
    figures.push({ figure: "idle memory with PGlite (RSS)", unit: "MB", value: rss, goal: "<= 450" });
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  return figures;
}

/** Starts the console bot with an open stdin, waits until it is up and settled, and reads VmRSS. */
async function idleRss(env: Record<string, string>): Promise<number> {
  const child = spawn(process.execPath, ["dist/cli/main.js", "start", "--platform", "console"], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", LOG_LEVEL: "warn", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the bot did not start within 60 s")), 60_000);
      child.stdout.on("data", (chunk: Buffer) => {
        if (chunk.toString("utf8").includes("quizbot console")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on("exit", (code) => reject(new Error(`the bot exited with ${code} before it was ready`)));
    });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const status = await readFile(`/proc/${child.pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    return round(kb / 1024, 1);
  } finally {
    child.stdin.end();
    child.kill("SIGTERM");
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const databaseUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  console.table(await idleMemoryBenchmark(databaseUrl ? { databaseUrl } : {}));
}
