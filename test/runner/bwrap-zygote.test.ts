import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { startBwrapRunner, testMarker } from "./bwrap-runner.js";
import { leftoverSandboxProcesses, processesWith, sandboxProcesses } from "./host-processes.js";
import { expectNoKeyBetweenRuns } from "./keyring-runs.js";

/**
 * The zygote forks every run's sandbox (zygote-source.ts). Runs of one zygote follow each other in one
 * bubblewrap sandbox, so these tests look for anything one run could leave for the next, or do to the
 * zygote, beyond what the hostile-code suite (bwrap-hostile.test.ts, which also goes through the
 * zygote) already tries.
 */
const marker = testMarker("zygote");
let runner: StartedCodeRunner;

beforeAll(async () => {
  // One run at a time, no warm pool: every run here is forked by the first zygote, one after another.
  runner = await startBwrapRunner(marker, { wallMs: 4_000, cpuSeconds: 2 }, 0, 1);
});

afterAll(async () => {
  await runner.close();
  expect(await processesWith(marker)).toEqual([]);
});

/** The zygotes' own processes on the host: children of a bwrap that kept capabilities. */
async function zygotePids(): Promise<number[]> {
  const found = await processesWith(marker);
  const bwraps = new Set(
    found.filter((entry) => entry.commandLine.includes(" --cap-add ")).map((e) => e.pid),
  );
  // bwrap's own pid 1 is a child of its bwrap too, and has the same command line (its path may be full).
  return found
    .filter((entry) => bwraps.has(entry.parentPid) && !bwraps.has(entry.pid))
    .map((entry) => entry.pid);
}

/**
 * Runs `first`, then `second` once the first's sandbox is gone (so that the first zygote, idle again,
 * takes it too), and checks from inside that both ran in the same zygote's network namespace: each program's
 * output starts with that namespace's name.
 */
async function oneAfterTheOther(first: string, second: string) {
  const namespace = "import os\nprint(os.readlink('/proc/self/ns/net'))\n";
  // Once every zygote is idle, a run goes to the first of them.
  await runner.warmedUp();
  const before = await runner.run({ code: namespace + first });
  await runner.warmedUp();
  const after = await runner.run({ code: namespace + second });
  const [beforeNamespace, ...beforeLines] = before.stdout.split("\n");
  const [afterNamespace, ...afterLines] = after.stdout.split("\n");
  expect(beforeNamespace).toMatch(/^net:\[\d+\]$/);
  expect(afterNamespace).toBe(beforeNamespace);
  return [
    { ...before, stdout: beforeLines.join("\n") },
    { ...after, stdout: afterLines.join("\n") },
  ] as const;
}

const leaveEverything = `
import ctypes, os, socket, subprocess, sys, time
for folder in (".", "/tmp", "/dev/shm"):
    with open(folder + "/left-behind", "w") as file:
        file.write("from the first run")
libc = ctypes.CDLL(None, use_errno=True)
segment = libc.shmget(0x5157, 4096, 0o1666)  # IPC_CREAT | 0666: outlives its process unless removed
listener = socket.socket()
listener.bind(("127.0.0.1", 8765))
listener.listen()
# A daemon that detaches from the run (its own session, its parent gone) and waits to be found.
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
print("segment", segment >= 0, "listening", listener.getsockname()[1])
`;

const lookForIt = `
import ctypes, os, socket
print("files", [folder for folder in (".", "/tmp", "/dev/shm") if os.path.exists(folder + "/left-behind")])
print("processes", sorted(int(entry) for entry in os.listdir("/proc") if entry.isdigit()))
print("segments", len(open("/proc/sysvipc/shm").read().splitlines()) - 1)
libc = ctypes.CDLL(None, use_errno=True)
print("shmget", libc.shmget(0x5157, 4096, 0o666))
again = socket.socket()
again.bind(("127.0.0.1", 8765))
again.listen()
print("bound", again.getsockname()[1])
`;

describe("GIVEN runs forked one after another by the same zygote", () => {
  it("WHEN a run leaves files, a daemon, a shared memory segment and a listening socket THEN the next finds none of them", async () => {
    const [first, second] = await oneAfterTheOther(leaveEverything, lookForIt);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("segment True listening 8765\n");
    expect(second.stderr).toBe("");
    expect(second.stdout.split("\n")).toEqual([
      "files []",
      // Its own pid 1 (the run's reaper) and itself: not the first run's daemon, not the zygote.
      "processes [1, 2]",
      "segments 0",
      "shmget -1",
      "bound 8765",
      "",
    ]);
    expect(await leftoverSandboxProcesses(marker)).toEqual([]);
  });

  it("WHEN a run closes a connection on a port THEN the next run binds that port at once, without SO_REUSEADDR", async () => {
    // The server closes first, which leaves its side in TIME_WAIT for a minute where the kernel keeps it.
    const serveOnce = `
import socket
server = socket.socket()
server.bind(("127.0.0.1", 8766))
server.listen()
client = socket.create_connection(("127.0.0.1", 8766))
accepted, _ = server.accept()
accepted.close()
client.recv(1)
client.close()
server.close()
print("served")
`;
    const bindAgain = `
import socket
server = socket.socket()
server.bind(("127.0.0.1", 8766))
print("bound again")
`;
    const [served, again] = await oneAfterTheOther(serveOnce, bindAgain);
    expect(served.stdout).toBe("served\n");
    expect(again.stderr).toBe("");
    expect(again.stdout).toBe("bound again\n");
  });

  it("WHEN a run tries to reach its pid 1 or the zygote THEN it cannot signal, trace or escape them", async () => {
    const code = `
import ctypes, os, signal
libc = ctypes.CDLL(None, use_errno=True)
status = dict(line.split(":\\t") for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)
print("capabilities", [status[name].strip() for name in ("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb")])
print("no new privileges", status["NoNewPrivs"].strip())
print("trace pid 1", libc.ptrace(16, 1, None, None), ctypes.get_errno())  # PTRACE_ATTACH: EPERM
print("new mount namespace", libc.unshare(0x00020000), ctypes.get_errno())
print("new user namespace", libc.unshare(0x10000000) == -1)
print("mount", libc.mount(b"none", b"/tmp", b"tmpfs", 0, None), ctypes.get_errno())
print("write /dev", os.access("/dev", os.W_OK))
print("add_key", libc.syscall(248, b"user", b"left", b"for the next run", 16, ctypes.c_int(-4)), ctypes.get_errno())
kinds = set()
for fd in os.listdir("/proc/self/fd"):
    try:
        kinds.add(os.readlink("/proc/self/fd/" + fd).split(":")[0])
    except FileNotFoundError:
        pass  # the listing's own
print("descriptors", sorted(kinds))
os.kill(1, signal.SIGKILL)  # the kernel does not deliver it to pid 1 from inside its namespace
os.kill(1, signal.SIGINT)  # nor this, which pid 1 ignores
try:
    os.kill(os.getpid(), signal.SIGINT)  # the program itself has Python's own handler
    signal.pause()
except KeyboardInterrupt:
    print("interrupted")
print("still here")
`;
    const zygotesBefore = await zygotePids();
    const result = await runner.run({ code });
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")).toEqual([
      `capabilities [${Array(5).fill("'0000000000000000'").join(", ")}]`,
      "no new privileges 1",
      "trace pid 1 -1 1",
      "new mount namespace -1 1",
      "new user namespace True",
      "mount -1 1",
      "write /dev False",
      // Kernel keyrings are no namespace's: refused (ENOSYS), as in Docker's default profile.
      "add_key -1 38",
      // Its stdio and the report pipe: not the zygote's socket.
      "descriptors ['pipe']",
      "interrupted",
      "still here",
      "",
    ]);
    expect(result.status).toBe("ok");
    expect(await zygotePids()).toEqual(zygotesBefore);
  });

  it("WHEN a run tries to leave a kernel key THEN each keyring call gives ENOSYS and the next run finds no key", async () => {
    await runner.warmedUp();
    await expectNoKeyBetweenRuns(runner);
  });

  it("WHEN the host kills the zygote during a run THEN that run ends killed and the next run gets a new zygote", async () => {
    const running = runner.run({
      code: "import time\nprint('started', flush=True)\ntime.sleep(3)\nprint('done')",
    });
    // Once the run's program is there (its pid 1 is the zygote's slot init), and has started.
    for (let tries = 0; tries < 250 && (await sandboxProcesses(marker)).length < 1; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const zygotes = await zygotePids();
    expect(zygotes.length).toBeGreaterThan(0);
    for (const pid of zygotes) process.kill(pid, "SIGKILL");
    const killed = await running;
    expect(killed.status).not.toBe("ok");
    expect(killed.stdout).not.toContain("done");
    expect(await leftoverSandboxProcesses(marker)).toEqual([]);
    const next = await runner.run({ code: "print('fine')" });
    expect(next).toMatchObject({ status: "ok", stdout: "fine\n" });
    const replacements = await zygotePids();
    expect(replacements.length).toBeGreaterThan(0);
    expect(replacements.some((pid) => zygotes.includes(pid))).toBe(false);
  });
});

describe("GIVEN RUNNER_ZYGOTE=off", () => {
  const offMarker = testMarker("zygote-off");
  let off: StartedCodeRunner;

  beforeAll(async () => {
    // A warm pool of one: runs that wait for it get a sandbox the pool started, the others a cold one.
    off = await startBwrapRunner(offMarker, {}, 1, 1, false);
  });

  afterAll(async () => {
    await off.close();
    expect(await processesWith(offMarker)).toEqual([]);
  });

  it("WHEN a snippet runs THEN it gets a bwrap of its own and no process keeps a capability", async () => {
    const code = "print([l for l in open('/proc/self/status') if l.startswith(('CapBnd', 'NSpid'))])";
    const result = await off.run({ code });
    expect(result).toMatchObject({
      status: "ok",
      stdout: "['NSpid:\\t2\\n', 'CapBnd:\\t0000000000000000\\n']\n",
    });
    const found = await processesWith(offMarker);
    expect(found.filter((entry) => entry.commandLine.includes(" --cap-add "))).toEqual([]);
  });

  it("WHEN a run tries to leave a kernel key THEN each keyring call gives ENOSYS and the next run finds no key", async () => {
    // The first run takes the pool's sandbox; the second comes while the pool refills (a start takes
    // tens of milliseconds) and starts a bwrap of its own.
    await off.warmedUp();
    await expectNoKeyBetweenRuns(off);
  });

  it("WHEN a run lists its open files THEN the seccomp program's fd is not among them", async () => {
    const result = await off.run({ code: "import os\nprint(sorted(os.listdir('/proc/self/fd')))" });
    // stdio, the listing's own, and the report pipe.
    expect(result.stdout).toBe("['0', '1', '2', '3', '4']\n");
  });
});
