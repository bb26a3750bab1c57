import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { startBwrapRunner, testMarker } from "./bwrap-runner.js";
import { leftoverSandboxProcesses, processesWith, watchPeak } from "./host-processes.js";

// The bot's own environment holds secrets; none of it may reach a snippet.
process.env.QUIZBOT_TEST_SECRET = "s3cr3t-value-for-tests";

const marker = testMarker("hostile");
let runner: StartedCodeRunner;

beforeAll(async () => {
  runner = await startBwrapRunner(marker, { maxProcesses: 32 });
});

afterAll(async () => {
  await runner.close();
  expect(await processesWith(marker)).toEqual([]);
});

describe("GIVEN hostile snippets in the bwrap sandbox", () => {
  it("WHEN a fork bomb runs THEN the process limit stops it, the host is fine and nothing is left", async () => {
    const peak = watchPeak(marker);
    const result = await runner.run({
      code: "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
    });
    const highest = await peak.stop();
    console.info(`fork bomb: ${highest} sandbox processes at most (incl. bwrap's), status ${result.status}`);
    expect(result.status).toBe("timeout");
    expect(highest).toBeLessThanOrEqual(32 + 4); // the limit plus bwrap and its init, outside the count
    expect(await leftoverSandboxProcesses(marker)).toEqual([]);
    expect((await runner.run({ code: "print('still fine')" })).stdout).toBe("still fine\n");
  });

  it("WHEN a program forks until refused THEN it gets an error at the process limit, not before", async () => {
    const code = [
      "import os, time",
      "children = 0",
      "try:",
      "    while True:",
      "        if os.fork() == 0:",
      "            time.sleep(30)",
      "            os._exit(0)",
      "        children += 1",
      "except OSError as error:",
      "    print(children, type(error).__name__)",
    ].join("\n");
    const result = await runner.run({ code });
    const [children, error] = result.stdout.trim().split(" ");
    expect(error).toBe("BlockingIOError");
    expect(Number(children)).toBeGreaterThanOrEqual(20);
    expect(Number(children)).toBeLessThan(32);
    expect(await leftoverSandboxProcesses(marker)).toEqual([]);
  });

  it("WHEN a memory bomb runs THEN the status is memory", async () => {
    // Its own runner with room in CPU and wall time: zeroing 64 MiB blocks costs CPU time, and on a loaded
    // machine the file's one-second CPU limit could end the bomb before the memory limit does.
    const roomy = await startBwrapRunner(marker, { maxProcesses: 32, cpuSeconds: 10, wallMs: 20_000 });
    try {
      const result = await roomy.run({
        code: "blocks = []\nwhile True:\n    blocks.append(bytearray(64 * 1024 * 1024))\n",
      });
      expect(result.status).toBe("memory");
      expect(result.stderr).toMatch(/^MemoryError/m);
    } finally {
      await roomy.close();
    }
  });

  it("WHEN an infinite loop runs THEN the CPU limit ends it with SIGXCPU, reported as timeout", async () => {
    const cpuBound = await startBwrapRunner(marker, { cpuSeconds: 1, wallMs: 20_000 });
    try {
      const result = await cpuBound.run({ code: "while True:\n    pass\n" });
      expect(result).toMatchObject({ status: "timeout", signal: "SIGXCPU", exitCode: null });
    } finally {
      await cpuBound.close();
    }
  });

  it("WHEN 100 threads spin THEN at most 31 start (32 tasks with the main thread) and the run times out", async () => {
    // The threads wait for a common start so that creating them does not compete with spinning ones,
    // and the failure is printed before they spin (a traceback printed after would arrive in pieces).
    const code = [
      "import threading",
      "go = threading.Event()",
      "started = 0",
      "def spin():",
      "    go.wait()",
      "    while True:",
      "        pass",
      "try:",
      "    for _ in range(100):",
      "        threading.Thread(target=spin).start()",
      "        started += 1",
      "except RuntimeError as error:",
      "    print(started, error, flush=True)",
      "go.set()",
    ].join("\n");
    const result = await runner.run({ code });
    expect(result.status).toBe("timeout");
    const [, started] = /^(\d+) can't start new thread\n$/.exec(result.stdout) ?? [];
    expect(Number(started)).toBeGreaterThanOrEqual(20);
    expect(Number(started)).toBeLessThan(32);
  });

  it("WHEN a program sleeps past the wall time THEN it is killed at about the limit", async () => {
    const result = await runner.run({ code: "import time\ntime.sleep(60)\n" });
    expect(result).toMatchObject({ status: "timeout", signal: "SIGKILL", exitCode: null });
    expect(result.wallMs).toBeGreaterThanOrEqual(2_000);
    expect(result.wallMs).toBeLessThan(2_000 + 3_000);
  });

  it("WHEN a program writes 10 MB THEN it is stopped at the output limit with stdout capped", async () => {
    const result = await runner.run({ code: "import sys\nsys.stdout.write('x' * 10_000_000)\n" });
    expect(result.status).toBe("output_limit");
    expect(result.stdoutTruncated).toBe(true);
    expect(result.stdout).toBe("x".repeat(64 * 1024));
  });

  it("WHEN a program reads /etc/shadow THEN there is no such file", async () => {
    const result = await runner.run({ code: "print(open('/etc/shadow').read())" });
    expect(result.status).toBe("error");
    expect(result.stderr).toMatch(/FileNotFoundError|PermissionError/);
  });

  it("WHEN a program looks for the bot's environment and files THEN it finds none of them", async () => {
    const code = [
      "import json, os",
      "def read(path):",
      "    try:",
      "        return open(path, 'rb').read().decode()",
      "    except OSError as error:",
      "        return type(error).__name__",
      "print(json.dumps({",
      "    'environ': dict(os.environ),",
      "    'init': read('/proc/1/environ'),",
      "    'self': read('/proc/self/environ'),",
      `    'botFiles': os.path.exists(${JSON.stringify(`${process.cwd()}/package.json`)}),`,
      "    'root': sorted(os.listdir('/')),",
      "}))",
    ].join("\n");
    const result = await runner.run({ code });
    expect(result.status).toBe("ok");
    expect(result.stdout).not.toContain("s3cr3t");
    expect(result.stdout).not.toContain("QUIZBOT_TEST_SECRET");
    const seen = JSON.parse(result.stdout) as { environ: object; botFiles: boolean; root: string[] };
    expect(Object.keys(seen.environ).sort()).toEqual(["HOME", "LANG", "MALLOC_ARENA_MAX", "PATH", "PWD"]);
    expect(seen.botFiles).toBe(false);
    expect(seen.root).not.toContain("etc");
    expect(seen.root).not.toContain("home");
  });

  it("WHEN a program opens TCP connections THEN both fail at once: there is no network", async () => {
    const code = [
      "import socket",
      "for address in (('127.0.0.1', 5432), ('1.1.1.1', 80)):",
      "    try:",
      "        socket.create_connection(address, timeout=10)",
      "        print(address[0], 'connected')",
      "    except OSError as error:",
      "        print(address[0], type(error).__name__)",
    ].join("\n");
    const result = await runner.run({ code });
    expect(result.status).toBe("ok"); // a 10 s connect timeout would have hit the 2 s wall limit
    expect(result.stdout).not.toContain("connected");
    expect(result.stdout).toMatch(/^127\.0\.0\.1 \w+Error$/m);
    expect(result.stdout).toMatch(/^1\.1\.1\.1 \w+Error$/m);
  });

  it("WHEN a program writes outside its directory THEN /usr refuses and /tmp is the sandbox's own", async () => {
    const hostPath = `/tmp/${marker}-written-from-sandbox`;
    const code = [
      "for path in ('/usr/evil', '/evil', '/proc/evil'):",
      "    try:",
      "        open(path, 'w').write('x')",
      "        print(path, 'written')",
      "    except OSError as error:",
      "        print(path, type(error).__name__)",
      `open(${JSON.stringify(hostPath)}, 'w').write('x')`,
      "print('tmp ok')",
    ].join("\n");
    const result = await runner.run({ code });
    expect(result.stdout).not.toContain("written");
    expect(result.stdout).toContain("tmp ok");
    expect(existsSync(hostPath)).toBe(false);
  });

  it("WHEN a program makes a setuid file THEN it has no effect: nosuid mounts, no new privileges, no capabilities", async () => {
    const code = [
      "import os, shutil, sys",
      "shutil.copy(sys.executable, 'python-suid')",
      "os.chmod('python-suid', 0o4755)",
      "print('nosuid', all(os.statvfs(p).f_flag & os.ST_NOSUID for p in ('.', '/tmp', '/dev/shm')))",
      "status = open('/proc/self/status').read()",
      "print([line for line in status.splitlines() if line.startswith(('NoNewPrivs', 'CapEff', 'CapPrm'))])",
      "print('uid', os.getuid(), os.geteuid())",
    ].join("\n");
    const result = await runner.run({ code });
    expect(result.stdout).toContain("nosuid True");
    expect(result.stdout).toContain("'NoNewPrivs:\\t1'");
    expect(result.stdout).toContain("'CapEff:\\t0000000000000000'");
    expect(result.stdout).toContain("uid 1000 1000");
  });

  it("WHEN a snippet runs THEN its interpreter is not root on the host, even though the bot may be", async () => {
    let settled = false;
    // Its own runner with a longer wall limit: at a load of 20 and more, one look through /proc for the
    // marker took longer than a 1.5 s snippet lived, and the look saw it only while it was still bwrap.
    const sleeper = await startBwrapRunner(marker, { wallMs: 10_000 });
    const running = sleeper.run({ code: "import time\ntime.sleep(5)\n" }).finally(() => {
      settled = true;
    });
    // Look until the interpreter shows up: on a loaded machine the sandbox may take a while to start it.
    let interpreters: Awaited<ReturnType<typeof processesWith>> = [];
    while (!settled && interpreters.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      interpreters = (await processesWith(marker)).filter(
        (entry) => / -I -S -c /.test(entry.commandLine) && !/^\S*(bwrap|nsenter) /.test(entry.commandLine),
      );
    }
    await running;
    await sleeper.close();
    expect(interpreters.length).toBeGreaterThan(0);
    for (const entry of interpreters) expect(entry.uid).not.toBe(0);
  });

  it("WHEN a program kills its parent THEN the runner survives and reports a result", async () => {
    const result = await runner.run({ code: "import os\nos.kill(os.getppid(), 9)\nprint('after')\n" });
    expect(["ok", "error", "signal"]).toContain(result.status);
    expect((await runner.run({ code: "print(2)" })).status).toBe("ok");
  });

  it("WHEN a program leaves a child running THEN the child is gone after the run", async () => {
    const childMarker = `${marker}-child`;
    const code = `import subprocess\nsubprocess.Popen(['/bin/sh', '-c', 'sleep 30; : ${childMarker}'])\nprint('left')\n`;
    const result = await runner.run({ code });
    expect(result.stdout).toBe("left\n");
    expect(await leftoverSandboxProcesses(childMarker)).toEqual([]);
  });

  it("WHEN a run is cancelled THEN its sandbox is killed and the result says cancelled", async () => {
    const controller = new AbortController();
    const running = runner.run({ code: "while True:\n    pass\n", signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 300));
    controller.abort();
    const result = await running;
    expect(result).toMatchObject({ status: "rejected", reason: { code: "cancelled" } });
    expect(await leftoverSandboxProcesses(marker)).toEqual([]);
  });

  it("WHEN the bot itself is killed THEN its running and warm sandboxes die with it", async () => {
    const doomedMarker = `${marker}-doomed`;
    const bot = spawn(
      process.execPath,
      ["--import", "tsx", "test/runner/fixtures/doomed-bot.ts", doomedMarker],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await new Promise<void>((resolve, reject) => {
      bot.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
      bot.on("exit", (code) => reject(new Error(`the bot exited early (${code})`)));
    });
    // The bwraps of two warm sandboxes and one running one, each with its init and interpreter.
    expect((await processesWith(doomedMarker)).length).toBeGreaterThanOrEqual(6);
    const exited = new Promise((resolve) => bot.once("exit", resolve));
    bot.kill("SIGKILL");
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 500)); // parent-death signals are delivered at once; reaping takes a moment
    expect(await processesWith(doomedMarker)).toEqual([]);
  });
});
