import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedCodeRunner } from "../../src/runner/index.js";
import { startBwrapRunner, testMarker } from "./bwrap-runner.js";
import { processesWith } from "./host-processes.js";

const marker = testMarker("programs");
let runner: StartedCodeRunner;

beforeAll(async () => {
  runner = await startBwrapRunner(marker, { wallMs: 10_000, cpuSeconds: 10 }, 2);
  await runner.warmedUp();
});

afterAll(async () => {
  await runner.close();
  expect(await processesWith(marker)).toEqual([]);
});

const programs: Record<string, { code: string; stdout: string }> = {
  "threads sharing a Lock": {
    code: `import threading
total = 0
lock = threading.Lock()
def add():
    global total
    for _ in range(10_000):
        with lock:
            total += 1
threads = [threading.Thread(target=add) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(total)
`,
    stdout: "40000\n",
  },
  "a ThreadPoolExecutor": {
    code: `from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(max_workers=8) as pool:
    print(sum(pool.map(lambda n: n * n, range(100))))
`,
    stdout: "328350\n",
  },
  "a multiprocessing Pool of 4": {
    code: `from multiprocessing import Pool
def square(n):
    return n * n
if __name__ == "__main__":
    with Pool(4) as pool:
        print(pool.map(square, range(10)))
`,
    stdout: "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]\n",
  },
  "asyncio with a TaskGroup": {
    code: `import asyncio
async def double(n):
    await asyncio.sleep(0.01)
    return n * 2
async def main():
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(double(n)) for n in range(5)]
    print([task.result() for task in tasks])
asyncio.run(main())
`,
    stdout: "[0, 2, 4, 6, 8]\n",
  },
  "a TemporaryDirectory": {
    code: `import pathlib, tempfile
with tempfile.TemporaryDirectory() as directory:
    path = pathlib.Path(directory) / "note.txt"
    path.write_text("kept")
    print(path.read_text())
`,
    stdout: "kept\n",
  },
  "a socketpair echo": {
    code: `import socket
left, right = socket.socketpair()
left.sendall(b"ping")
right.sendall(right.recv(4).upper())
print(left.recv(4).decode())
`,
    stdout: "PING\n",
  },
};

describe("GIVEN ordinary programs in the bwrap sandbox", () => {
  for (const [name, program] of Object.entries(programs)) {
    it(`WHEN it runs ${name} THEN it prints the expected output`, async () => {
      const result = await runner.run({ code: program.code });
      expect(result.stderr).toBe("");
      expect(result).toMatchObject({ status: "ok", exitCode: 0, stdout: program.stdout, backend: "bwrap" });
    });
  }

  it("WHEN a run has files and stdin THEN the program imports the file and reads its input", async () => {
    const result = await runner.run({
      code: "from helper import shout\nimport sys\nprint(shout(sys.stdin.read()))\n",
      files: { "helper.py": "def shout(text):\n    return text.strip().upper() + '!'\n" },
      stdin: "hello\n",
    });
    expect(result).toMatchObject({ status: "ok", stdout: "HELLO!\n" });
  });

  it("WHEN a program fails THEN the traceback starts at main.py, not in the runner", async () => {
    const result = await runner.run({ code: "def f():\n    return 1 / 0\nf()\n" });
    expect(result).toMatchObject({ status: "error", exitCode: 1 });
    expect(result.stderr).toMatch(
      /^Traceback \(most recent call last\):\n {2}File "main\.py", line 3, in <module>/,
    );
    expect(result.stderr).toMatch(/ZeroDivisionError: division by zero\n$/);
  });

  it("WHEN a program calls exit(3) THEN the run is an error with exit code 3", async () => {
    const result = await runner.run({ code: "print('bye')\nexit(3)\n" });
    expect(result).toMatchObject({ status: "error", exitCode: 3, stdout: "bye\n" });
  });

  it("WHEN a program has a syntax error THEN stderr shows it as Python would", async () => {
    const result = await runner.run({ code: "print('a'\n" });
    expect(result.status).toBe("error");
    expect(result.stderr).toMatch(/^ {2}File "main\.py", line 1\n[\s\S]*SyntaxError/);
  });

  it("WHEN runs come from the warm pool THEN each gets a fresh sandbox", async () => {
    const code = "import os\nprint(os.listdir('.'))\nopen('left-behind.txt', 'w').write('x')\n";
    const first = await runner.run({ code });
    const second = await runner.run({ code });
    expect(first.stdout).toBe("['main.py']\n");
    expect(second.stdout).toBe("['main.py']\n");
  });

  it("WHEN a snippet is over the size limit THEN it is refused before running", async () => {
    const result = await runner.run({ code: `print(${"1".repeat(25 * 1024)})` });
    expect(result).toMatchObject({
      status: "rejected",
      reason: { code: "code_too_large", limitBytes: 20 * 1024 },
    });
  });

  // The result comes when the bootstrap reports the program's end, before the interpreter exits
  // (bootstrap.ts): whatever an ordinary interpreter exit shows must still be in it.
  const endings: Record<string, { code: string; stdout: string }> = {
    "a thread still printing after the main program": {
      code: "import threading, time\ndef late():\n    time.sleep(0.3)\n    print('thread done')\nthreading.Thread(target=late).start()\nprint('main done')\n",
      stdout: "main done\nthread done\n",
    },
    "an atexit handler and a __del__ at exit": {
      code: "import atexit\nclass Noisy:\n    def __del__(self):\n        print('collected')\nnoisy = Noisy()\natexit.register(print, 'at exit')\nprint('main')\n",
      stdout: "main\nat exit\ncollected\n",
    },
    "a forked child that runs to the end of the program before its parent": {
      code: "import os, time\npid = os.fork()\nif pid == 0:\n    print('child', flush=True)\nelse:\n    os.waitpid(pid, 0)\n    time.sleep(0.3)\n    print('parent')\n",
      stdout: "child\nparent\n",
    },
  };
  for (const [name, program] of Object.entries(endings)) {
    it(`WHEN a program ends with ${name} THEN its output is all there`, async () => {
      const result = await runner.run({ code: program.code });
      expect(result).toMatchObject({ status: "ok", exitCode: 0, stdout: program.stdout, stderr: "" });
    });
  }

  it("WHEN a program exits with a message THEN stderr has it and the exit code is 1, as Python does", async () => {
    const result = await runner.run({ code: "import sys\nprint('before')\nsys.exit('giving up')\n" });
    expect(result).toMatchObject({ status: "error", exitCode: 1, stdout: "before\n", stderr: "giving up\n" });
  });

  it("WHEN non-ASCII output is printed THEN it arrives as UTF-8 text", async () => {
    const result = await runner.run({ code: "print('Grüße, 世界 🐍')" });
    expect(result.stdout).toBe("Grüße, 世界 🐍\n");
  });
});
