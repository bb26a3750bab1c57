import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { CodeRunner, RunResult } from "../../src/domain/ports/code-runner.js";

/**
 * Kernel keyrings belong to no namespace, so a key is the one thing a run could leave where a later
 * sandbox, fresh in every other way, finds it. The runs here try to leave one and to find it; the
 * syscall numbers are written out from the kernel's tables rather than taken from the runner's filter,
 * so that a wrong number there shows as a key added here.
 */
const prelude = `
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
add_key, request_key, keyctl = {"x86_64": (248, 249, 250), "aarch64": (217, 218, 219)}[os.uname().machine]
def report(name, result):
    print(name, "-1 %d" % ctypes.get_errno() if result == -1 else "succeeded")
`;

function leaveKeys(description: string): string {
  return `${prelude}
for name, keyring in (("user", -4), ("session", -3)):
    report("add_key " + name, libc.syscall(add_key, b"user", b"${description}", b"for the next run", 16, ctypes.c_int(keyring)))
report("request_key", libc.syscall(request_key, b"user", b"${description}", None, 0))
report("keyctl", libc.syscall(keyctl, 0, ctypes.c_int(-4), 1))  # KEYCTL_GET_KEYRING_ID, creating it
`;
}

function lookForKeys(description: string): string {
  return `${prelude}
print("listed", sum("${description}" in line for line in open("/proc/keys").read().splitlines()))
for name, keyring in (("user", -4), ("session", -3)):
    report("keyctl search " + name, libc.syscall(keyctl, 10, ctypes.c_int(keyring), b"user", b"${description}", 0))
`;
}

/**
 * Runs a snippet that adds a key to its user and session keyrings, then (once it has ended) one that
 * looks for that key, on `interpreter` (the default when undefined), and asserts that the first got
 * ENOSYS from each keyring call and the second finds nothing. Without the filter a fresh sandbox did
 * find them: /proc/keys listed the last run's keys, description and all, until the kernel collected
 * them (keys are the kernel user's, which every sandbox maps to the same host user).
 */
export async function expectNoKeyBetweenRuns(runner: CodeRunner, interpreter?: string): Promise<void> {
  const description = `quizbot-left-${randomUUID().slice(0, 8)}`;
  const on = interpreter === undefined ? {} : { interpreter };
  const first = await runner.run({ code: leaveKeys(description), ...on });
  const second = await runner.run({ code: lookForKeys(description), ...on });
  const lines = (result: RunResult) => [result.status, result.stderr, ...result.stdout.split("\n")];
  expect({ interpreter, first: lines(first), second: lines(second) }).toEqual({
    interpreter,
    first: ["ok", "", "add_key user -1 38", "add_key session -1 38", "request_key -1 38", "keyctl -1 38", ""],
    second: ["ok", "", "listed 0", "keyctl search user -1 38", "keyctl search session -1 38", ""],
  });
}
