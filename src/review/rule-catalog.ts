/**
 * The review rules: content, like a quiz pack's questions, in the project's own words. Each rule names
 * where its check comes from (Ruff, or quizbot's own rules in ./rules) and the pack tags it teaches
 * (every tag exists in quizzes/python-concurrency; a test holds that). `rank`: lower shows first.
 */
export interface RuleInfo {
  readonly id: string;
  readonly source: "ruff" | "quizbot";
  /** For Ruff rules: the Ruff codes reported under this rule. */
  readonly ruffCodes?: readonly string[];
  readonly rank: number;
  readonly title: string;
  readonly why: string;
  readonly fix: string;
  readonly docs: string;
  readonly tags: readonly string[];
}

const py = "https://docs.python.org/3/library/";

const rules: readonly RuleInfo[] = [
  {
    id: "syntax-error",
    source: "ruff",
    rank: 0,
    title: "Python cannot parse this",
    why: "A syntax error stops the whole file before its first line runs, so the snippet was not run.",
    fix: "Correct the spot marked by the caret; the message says what the parser expected there.",
    docs: "https://docs.python.org/3/reference/grammar.html",
    tags: [],
  },
  {
    id: "QB101",
    source: "quizbot",
    rank: 10,
    title: "run() called instead of start()",
    why: "Calling run() yourself executes the target in the current thread or process, so nothing runs concurrently.",
    fix: "Call start() to launch the new thread or process, then join() it when you need its work done.",
    docs: `${py}threading.html#threading.Thread.start`,
    tags: ["threading", "threads"],
  },
  {
    id: "QB102",
    source: "quizbot",
    rank: 11,
    title: "Shared value updated by threads without a lock",
    why: "An update such as `counter += 1` reads, adds and writes in separate steps, and another thread can run between them, so updates get lost even when a test run prints the right total.",
    fix: "Hold one shared threading.Lock around every read-modify-write of the value (`with lock: counter += 1`), or give each thread its own result and combine them after join().",
    docs: `${py}threading.html#lock-objects`,
    tags: ["race-condition", "lock", "threading"],
  },
  {
    id: "QB103",
    source: "quizbot",
    rank: 12,
    title: "Check-then-act on a shared dict from threads",
    why: "Between the `if key not in d` test and the write, another thread can insert the same key, so both threads act on a stale check.",
    fix: "Do the test and the write under one lock, or use a single call that does both, such as `d.setdefault(key, value)`.",
    docs: `${py}threading.html#lock-objects`,
    tags: ["race-condition", "lock", "threading"],
  },
  {
    id: "QB112",
    source: "quizbot",
    rank: 13,
    title: "Two locks taken in opposite orders",
    why: "One thread holding A and waiting for B while another holds B and waits for A is a deadlock: both wait forever.",
    fix: "Pick one order for the locks and take them in that order everywhere.",
    docs: `${py}threading.html#lock-objects`,
    tags: ["lock", "threading"],
  },
  {
    id: "QB105",
    source: "quizbot",
    rank: 14,
    title: "asyncio.run() inside a coroutine",
    why: "asyncio.run() starts a new event loop and refuses to run while one is already running in the thread, so this raises RuntimeError.",
    fix: "Inside async code, `await` the coroutine (or wrap it in asyncio.create_task); call asyncio.run() once, at the top of the program.",
    docs: `${py}asyncio-runner.html#asyncio.run`,
    tags: ["asyncio", "event-loop"],
  },
  {
    id: "QB106",
    source: "quizbot",
    rank: 15,
    title: "Coroutine called but never awaited",
    why: "Calling an async function only creates a coroutine object; its body never runs, and Python warns 'coroutine was never awaited' at best.",
    fix: "Put `await` in front of the call, or schedule it with asyncio.create_task() and keep the task.",
    docs: `${py}asyncio-task.html#coroutines`,
    tags: ["asyncio", "coroutines"],
  },
  {
    id: "QB115",
    source: "quizbot",
    rank: 16,
    title: "Queue.join() without task_done()",
    why: "join() waits until task_done() has been called once for every item put; with no task_done() it waits forever.",
    fix: "Call q.task_done() once per item after processing it, in a `finally` so a failing item still counts.",
    docs: `${py}queue.html#queue.Queue.join`,
    tags: ["queue"],
  },
  {
    id: "QB113",
    source: "quizbot",
    rank: 17,
    title: "Consumer loop can never stop",
    why: "A `while True` loop around a blocking `q.get()` with no way out keeps its non-daemon thread, and so the program, alive after the work is done.",
    fix: "Put a sentinel (such as None) on the queue for each consumer and `break` when one arrives, or use `get(timeout=...)` and handle queue.Empty.",
    docs: `${py}queue.html#queue.Queue.get`,
    tags: ["queue", "sentinel"],
  },
  {
    id: "QB114",
    source: "quizbot",
    rank: 18,
    title: "Fewer sentinels than consumers",
    why: "Each consumer stops at the first sentinel it takes, so with fewer sentinels than consumers some of them block on get() forever.",
    fix: "Put one sentinel per consumer, for example `for _ in workers: q.put(None)`.",
    docs: `${py}queue.html#queue.Queue.get`,
    tags: ["queue", "sentinel"],
  },
  {
    id: "QB109",
    source: "quizbot",
    rank: 19,
    title: "Processes started without a main guard",
    why: "With the spawn and forkserver start methods every child imports the main module again, so unguarded top-level code starts processes from inside the children and fails.",
    fix: 'Move the code that creates processes or pools under `if __name__ == "__main__":`.',
    docs: `${py}multiprocessing.html#the-spawn-and-forkserver-start-methods`,
    tags: ["multiprocessing", "main-guard", "start-methods"],
  },
  {
    id: "QB110",
    source: "quizbot",
    rank: 20,
    title: "Lambda or local function sent to another process",
    why: "Work for another process is pickled, and pickle can only refer to functions by their module-level name, so a lambda or nested function fails to send.",
    fix: "Define the function at the top level of the module and pass it by name.",
    docs: `${py}pickle.html#what-can-be-pickled-and-unpickled`,
    tags: ["multiprocessing", "pickle", "process-pool"],
  },
  {
    id: "QB104",
    source: "quizbot",
    rank: 21,
    title: "Threads started but never joined",
    why: "Without join() the main thread carries on while the workers still run, so results read afterwards may be incomplete.",
    fix: "Keep every thread you start and call join() on each before using what they produce.",
    docs: `${py}threading.html#threading.Thread.join`,
    tags: ["threading", "threads"],
  },
  {
    id: "QB111",
    source: "quizbot",
    rank: 22,
    title: "acquire() without release() in finally",
    why: "If anything between acquire() and release() raises, the lock stays held and every other thread that wants it waits forever.",
    fix: "Use `with lock:`, or follow acquire() with `try:` ... `finally: lock.release()`.",
    docs: `${py}threading.html#using-locks-conditions-and-semaphores-in-the-with-statement`,
    tags: ["lock", "threading", "exceptions"],
  },
  {
    id: "QB116",
    source: "quizbot",
    rank: 23,
    title: "Future results never read",
    why: "An exception raised in a submitted task is stored in its future and only raised by result(); if nothing reads it, the error vanishes silently.",
    fix: "Keep the futures and call result() on each (for example over concurrent.futures.as_completed), or use executor.map and consume its results.",
    docs: `${py}concurrent.futures.html#concurrent.futures.Future.result`,
    tags: ["concurrent-futures", "future", "exceptions"],
  },
  {
    id: "RUF006",
    source: "ruff",
    ruffCodes: ["RUF006"],
    rank: 24,
    title: "Task created and dropped",
    why: "The event loop keeps only a weak reference to tasks, so a task nobody holds can be garbage-collected before it finishes, and its errors go unseen.",
    fix: "Keep the task (`task = asyncio.create_task(...)`, or a set of tasks) and await it, or use asyncio.TaskGroup.",
    docs: `${py}asyncio-task.html#asyncio.create_task`,
    tags: ["asyncio", "tasks"],
  },
  {
    id: "ASYNC251",
    source: "ruff",
    ruffCodes: ["ASYNC251"],
    rank: 30,
    title: "time.sleep() inside async def",
    why: "time.sleep() blocks the whole event loop, so every other task stops for that long.",
    fix: "Use `await asyncio.sleep(...)`, which lets other tasks run while this one waits.",
    docs: `${py}asyncio-task.html#asyncio.sleep`,
    tags: ["asyncio", "blocking"],
  },
  {
    id: "QB107",
    source: "quizbot",
    rank: 31,
    title: "Blocking socket call inside async def",
    why: "A plain socket's recv, accept, connect or sendall waits inside the event loop's thread, so no other task runs until the network answers.",
    fix: "Use asyncio streams (`await asyncio.open_connection(...)`, `await reader.read(n)`) or the loop's sock_* methods.",
    docs: `${py}asyncio-stream.html`,
    tags: ["asyncio", "sockets", "blocking"],
  },
  {
    id: "QB108",
    source: "quizbot",
    rank: 32,
    title: "threading lock used inside async def",
    why: "A threading lock blocks the event loop's thread while it waits, and since the holder is usually another task on the same loop, it can wait forever.",
    fix: "Use asyncio.Lock with `async with lock:` between tasks of one event loop.",
    docs: `${py}asyncio-sync.html#asyncio.Lock`,
    tags: ["asyncio", "lock", "blocking"],
  },
  {
    id: "ASYNC210",
    source: "ruff",
    ruffCodes: ["ASYNC210", "ASYNC212"],
    rank: 33,
    title: "Blocking HTTP call inside async def",
    why: "requests, urllib and httpx's synchronous client wait for the network inside the event loop, which stalls every other task.",
    fix: "Use an async HTTP client, or run the blocking call with `await asyncio.to_thread(...)`.",
    docs: `${py}asyncio-task.html#asyncio.to_thread`,
    tags: ["asyncio", "blocking", "io-bound"],
  },
  {
    id: "ASYNC221",
    source: "ruff",
    ruffCodes: ["ASYNC220", "ASYNC221", "ASYNC222"],
    rank: 34,
    title: "Blocking subprocess call inside async def",
    why: "subprocess.run and os.system wait for the child inside the event loop, so no other task runs meanwhile.",
    fix: "Use `await asyncio.create_subprocess_exec(...)` and `await proc.communicate()`.",
    docs: `${py}asyncio-subprocess.html`,
    tags: ["asyncio", "blocking", "processes"],
  },
  {
    id: "ASYNC230",
    source: "ruff",
    ruffCodes: ["ASYNC230"],
    rank: 35,
    title: "Blocking file open inside async def",
    why: "Reading or writing a file with open() blocks the event loop for as long as the disk takes.",
    fix: "Do the file work in a thread: `await asyncio.to_thread(path.read_text)`.",
    docs: `${py}asyncio-task.html#asyncio.to_thread`,
    tags: ["asyncio", "blocking", "files"],
  },
  {
    id: "QB118",
    source: "quizbot",
    rank: 40,
    title: "CPU-bound loop on threads",
    why: "In CPython with the GIL only one thread runs Python bytecode at a time, so pure computation split over threads is no faster, often slower.",
    fix: "Use a ProcessPoolExecutor (or multiprocessing.Pool) for CPU-bound work; keep threads for work that waits.",
    docs: `${py}concurrent.futures.html#processpoolexecutor`,
    tags: ["gil", "cpu-bound", "threads"],
  },
  {
    id: "QB119",
    source: "quizbot",
    rank: 41,
    title: "Waiting work sent to processes",
    why: "A task that mostly sleeps or waits for I/O gains nothing from its own process, and pays for starting it and pickling its data.",
    fix: "Use a ThreadPoolExecutor or asyncio for I/O-bound work; keep processes for computation.",
    docs: `${py}concurrent.futures.html#threadpoolexecutor`,
    tags: ["multiprocessing", "io-bound"],
  },
  {
    id: "QB117",
    source: "quizbot",
    rank: 42,
    title: "recv(n) assumed to return n bytes",
    why: 'TCP is a byte stream: recv(n) returns anything from 1 to n bytes (b"" when the peer closed), so one call may hold part of a message, or parts of two.',
    fix: 'Loop until you have the bytes you need (and stop on b""), or frame messages with a length prefix read in a loop.',
    docs: `${py}socket.html#socket.socket.recv`,
    tags: ["sockets", "framing", "bytes"],
  },
  {
    id: "S306",
    source: "ruff",
    ruffCodes: ["S306"],
    rank: 50,
    title: "tempfile.mktemp() is unsafe",
    why: "mktemp() only returns a name; another process can create that file before you open it.",
    fix: "Use tempfile.NamedTemporaryFile, mkstemp or TemporaryDirectory, which create the file or folder atomically.",
    docs: `${py}tempfile.html#tempfile.mktemp`,
    tags: ["tempfile", "files"],
  },
];

export const ruleCatalog: ReadonlyMap<string, RuleInfo> = new Map(rules.map((rule) => [rule.id, rule]));

/** Ruff code -> the catalog rule it is reported under. */
export const ruffCodeRules: ReadonlyMap<string, string> = new Map(
  rules.flatMap((rule) => (rule.ruffCodes ?? []).map((code) => [code, rule.id] as const)),
);

export function ruleInfo(id: string): RuleInfo {
  const rule = ruleCatalog.get(id);
  if (!rule) throw new Error(`unknown review rule ${id}`);
  return rule;
}
