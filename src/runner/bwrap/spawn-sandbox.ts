import { type ChildProcess, spawn } from "node:child_process";
import type { Writable } from "node:stream";
import { type SandboxCommand, seccompFd } from "./sandbox-command.js";

/**
 * Spawns `command` from Node, as the launcher would start it where there is none (launcher-source.ts):
 * fds 0 to 4 as pipes, no environment at all (nothing of the bot's, tokens or the database URL, can
 * reach the sandbox), cwd `/`, and the command's seccomp program on fd `seccompFd`, ended there, so
 * that bwrap reads it to its end.
 */
export function spawnSandbox(command: SandboxCommand): ChildProcess {
  const seccomp = command.seccomp;
  const child = spawn(command.file, [...command.args], {
    stdio: ["pipe", "pipe", "pipe", "pipe", "pipe", ...(seccomp ? (["ignore", "pipe"] as const) : [])],
    env: {},
    cwd: "/",
    ...(command.user ?? {}),
  });
  if (seccomp) {
    const input = (child.stdio as readonly unknown[])[seccompFd] as Writable | undefined;
    // bwrap closes its end once it has the program; a sandbox that failed first must not throw EPIPE here.
    input?.on("error", () => {});
    input?.end(seccomp);
  }
  return child;
}
