import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeInterpreter } from "../../src/runner/bwrap/interpreter-probe.js";
import { type LaunchedProcess, SandboxLauncher } from "../../src/runner/bwrap/launcher.js";
import { launcherSource } from "../../src/runner/bwrap/launcher-source.js";
import { seccompFd } from "../../src/runner/bwrap/sandbox-command.js";
import { spawnSandbox } from "../../src/runner/bwrap/spawn-sandbox.js";
import { processesWith } from "./host-processes.js";

/**
 * The launcher that starts every bwrap (launcher.ts), here with plain shell commands standing in for
 * bwrap: what the sandbox relies on is that output comes back whole and in order, stdin goes in
 * whole, kills and exits are reported as a ChildProcess reports them, and nothing outlives it.
 */
let launcher: SandboxLauncher;

beforeAll(async () => {
  const python = await probeInterpreter(process.env.RUNNER_PYTHON ?? "python3");
  launcher = new SandboxLauncher({ file: python.executable, args: ["-I", "-S", "-c", launcherSource] });
  await launcher.started();
});

afterAll(async () => {
  await launcher.close();
});

interface Seen {
  readonly events: string[];
  readonly output: Map<number, Buffer[]>;
  readonly closed: Promise<{ code: number | null; signal: string | null }>;
}

function watch(child: LaunchedProcess): Seen {
  const events: string[] = [];
  const output = new Map<number, Buffer[]>();
  child.stdio.forEach((stream, fd) => {
    if (fd === 0) return;
    stream.on("data", (chunk: Buffer) => {
      events.push(`${fd}:${chunk.toString("latin1").slice(0, 20)}`);
      output.set(fd, [...(output.get(fd) ?? []), chunk]);
    });
  });
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once("close", (code: number | null, signal: string | null) => resolve({ code, signal })),
  );
  return { events, output, closed };
}

const sh = (script: string) => ({ file: "/bin/sh", args: ["-c", script] });

describe("the sandbox launcher", () => {
  it("GIVEN a child that prints, then reports on fd 4, then exits THEN they arrive in that order with its code", async () => {
    const child = launcher.start(sh("printf out; printf err >&2; printf '{}' >&3; printf X >&4; exit 3"));
    const seen = watch(child);
    expect(await seen.closed).toEqual({ code: 3, signal: null });
    expect(seen.events).toEqual(["1:out", "2:err", "3:{}", "4:X"]);
    expect(child.pid).toBeGreaterThan(1);
  });

  it("GIVEN 300 KB on stdin THEN the child reads all of it, and its output comes back whole", async () => {
    const input = Buffer.alloc(300_000, "abcdefghij");
    const child = launcher.start(sh("cat"));
    const seen = watch(child);
    child.stdin.write(input.subarray(0, 100_000));
    child.stdin.end(input.subarray(100_000).toString("latin1"));
    expect(await seen.closed).toEqual({ code: 0, signal: null });
    expect(Buffer.concat(seen.output.get(1) ?? []).equals(input)).toBe(true);
  });

  it("GIVEN a command with a seccomp program THEN the child reads all of it on its fd, to the end, started by the launcher or by Node; GIVEN none THEN that fd is closed", async () => {
    const program = Buffer.from(Array.from({ length: 96 }, (_, index) => (index * 37) % 256));
    const readIt = { ...sh(`cat <&${seccompFd}`), seccomp: program };
    const launched = watch(launcher.start(readIt));
    expect(await launched.closed).toEqual({ code: 0, signal: null });
    expect(Buffer.concat(launched.output.get(1) ?? []).equals(program)).toBe(true);
    const spawned = spawnSandbox(readIt);
    const chunks: Buffer[] = [];
    spawned.stdout?.on("data", (chunk: Buffer) => chunks.push(chunk));
    expect(await new Promise((resolve) => spawned.once("close", resolve))).toBe(0);
    expect(Buffer.concat(chunks).equals(program)).toBe(true);
    const without = watch(
      launcher.start(sh(`test -e /proc/self/fd/${seccompFd} && echo open || echo closed`)),
    );
    expect(await without.closed).toEqual({ code: 0, signal: null });
    expect(Buffer.concat(without.output.get(1) ?? []).toString()).toBe("closed\n");
  });

  it("GIVEN a kill THEN the child ends by that signal; GIVEN a program that is not there THEN an error", async () => {
    const sleeper = launcher.start(sh("exec sleep 30"));
    const seen = watch(sleeper);
    await new Promise((resolve) => sleeper.once("spawn", resolve));
    sleeper.kill("SIGKILL");
    expect(await seen.closed).toEqual({ code: null, signal: "SIGKILL" });
    const missing = launcher.start({ file: "/nonexistent/bwrap", args: [] });
    const error = await new Promise<Error>((resolve) => missing.once("error", resolve));
    expect(error.message).toMatch(/could not start/);
  });

  it("GIVEN children running WHEN the launcher is closed THEN they are reported killed and none is left; the next start brings a new one", async () => {
    const marker = `4${randomInt(100_000, 999_999)}`;
    const child = launcher.start(sh(`exec sleep ${marker}`));
    const seen = watch(child);
    await new Promise((resolve) => child.once("spawn", resolve));
    await launcher.close();
    expect(await seen.closed).toEqual({ code: null, signal: "SIGKILL" });
    for (let tries = 0; tries < 100 && (await processesWith(marker)).length > 0; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await processesWith(marker)).toEqual([]);
    const again = watch(launcher.start(sh("echo again")));
    expect(await again.closed).toEqual({ code: 0, signal: null });
    expect(Buffer.concat(again.output.get(1) ?? []).toString()).toBe("again\n");
  });
});
