import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface PythonRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
  readonly timedOut: boolean;
}

/**
 * Runs a program the way the code runner is told to (`python3 -I main.py`, the extra files beside it,
 * in a fresh temporary folder), but without a sandbox: only for the pack's own, trusted snippets.
 */
export async function runPython(
  program: { code: string; files?: Readonly<Record<string, string>>; stdin?: string },
  timeoutMs = 15_000,
): Promise<PythonRun> {
  const folder = await mkdtemp(path.join(tmpdir(), "quizbot-python-"));
  try {
    await writeFile(path.join(folder, "main.py"), program.code);
    for (const [name, content] of Object.entries(program.files ?? {})) {
      await writeFile(path.join(folder, name), content);
    }
    return await new Promise<PythonRun>((resolve, reject) => {
      const child = spawn("python3", ["-I", "main.py"], {
        cwd: folder,
        timeout: timeoutMs,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PYTHONHASHSEED: "0" },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (exitCode, signal) => {
        resolve({ stdout, stderr, exitCode, timedOut: signal === "SIGTERM" && exitCode === null });
      });
      child.stdin.end(program.stdin ?? "");
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Maps `items` with at most `limit` calls in flight, keeping the input order in the result. */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
