/** The explorer's driver (`main.py` in the sandbox): forks one child per schedule, shrinks, reports. Python source, run only inside the sandbox. */
export const EXPLORER_DRIVER = String.raw`# The interleaving explorer's driver. It runs inside the sandbox: it forks one child per schedule
# (so each run starts from the same pre-loaded interpreter in a few milliseconds), collects what each
# child printed and decided, shrinks one schedule that breaks the program, and prints one report line
# that starts with the run's nonce.
import os, sys

if sys.flags.hash_randomization:
    # Set order must not differ between runs (or it looks like a race): re-exec with a fixed hash seed.
    os.execve(sys.executable, [sys.executable, "-S", "-s", os.path.abspath(__file__)],
              {**os.environ, "PYTHONHASHSEED": "0"})

import json, random, re, select, signal, types, traceback, _thread

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qb_sched, qb_patch
qb_patch.install()
import queue, concurrent.futures, concurrent.futures.thread, asyncio
import qb_async
qb_async.install()

_thread.stack_size(4 << 20)
NONCE = bytearray(os.read(0, 200).split(b"\n")[0])
CONFIG = json.load(open("explore.json"))
os.remove("explore.json")
WORK = "/tmp/qb-explore-%d" % os.getpid()
os.makedirs(WORK, exist_ok=True)
SWITCH_P = (0.002, 0.005, 0.01, 0.03, 0.1, 0.3)
ASYNC_P = (0.2, 0.35, 0.5)
CONCURRENCY = re.compile(r"^\s*(?:import|from)\s+(?:threading|_thread|asyncio|concurrent)\b", re.M)
ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def load_sources():
    sources = {}
    for name in CONFIG["traced"]:
        with open(name, encoding="utf-8", errors="replace") as file:
            sources[name] = file.read()
    return sources


SOURCES = load_sources()
for _name, _text in SOURCES.items():
    if _name in CONFIG.get("untraced", ()):
        continue
    for _filename in (_name, os.path.join(os.getcwd(), _name)):
        qb_sched.TRACED.add(_filename)
        qb_sched.SOURCES[_filename] = _text.splitlines()


def child(seed, plan, story, paths):
    for number, path in ((1, paths["out"]), (2, paths["err"])):
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(descriptor, number)
        os.close(descriptor)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    NONCE[:] = bytes(len(NONCE))
    rng = random.Random(seed) if seed is not None else None
    switch_p = rng.choice(SWITCH_P) if rng else 0
    async_p = rng.choice(ASYNC_P) if rng else 0
    state = {"done": False}

    def end(extra):
        if state["done"]:
            os._exit(0)
        state["done"] = True
        stop_tracing()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        sched = qb_sched.SCHED
        report = {"steps": sched.step, "log": sched.log, "threads": len(sched.threads),
                  "tasks": sched.tasks, "story": sched.story, **extra}
        with open(paths["result"], "w") as file:
            json.dump(report, file)
        os._exit(0)

    describe = qb_patch.describe_switch if story else None
    sched = qb_sched.Scheduler(rng, plan, switch_p, CONFIG["maxSteps"], end, describe)
    sched.async_p = async_p
    qb_sched.SCHED = sched
    _thread.start_new_thread(watchdog, (sched, end))
    random.seed(0)
    module = types.ModuleType("__main__")
    module.__file__ = os.path.join(os.getcwd(), CONFIG["entry"])
    module.__builtins__ = __builtins__
    sys.modules["__main__"] = module
    code = compile(SOURCES[CONFIG["entry"]], CONFIG["entry"], "exec")
    status = "ok"
    qb_patch.start_tracing(sched, qb_sched.TRACED)
    try:
        exec(code, module.__dict__)
    except SystemExit as stop:
        status = "ok" if stop.code in (None, 0) else "error"
    except BaseException as error:
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        status = "error"
    wait_for_threads(sched)
    end({"status": status})


def wait_for_threads(sched):
    """What the interpreter does when the main module ends: run threading's exit hooks (they tell a
    ThreadPoolExecutor's workers to stop), then wait for every thread that is not a daemon."""
    for hook in reversed(getattr(qb_sched.threading, "_threading_atexits", [])):
        hook()
    me = sched.current
    while True:
        pending = [s for s in sched.threads[1:] if not s.daemon and s.status != "finished"]
        if not pending:
            return
        pending[0].joiners.append(me)
        sched.block(("join", pending[0]))


def stop_tracing():
    qb_sched.threading.settrace(None)
    sys.settrace(None)
    if hasattr(sys, "monitoring"):
        sys.monitoring.set_events(4, 0)


def watchdog(sched, end):
    """A run whose step count stands still holds the turn inside C code or real I/O: say so and where."""
    last, still = -1, 0.0
    limit = CONFIG["hangMs"] / 1000
    while True:
        qb_sched._real_sleep(0.05)
        if sched.step != last:
            last, still = sched.step, 0.0
            continue
        still += 0.05
        if still >= limit:
            frames = sys._current_frames()
            frame = frames.get(sched.current.ident)
            inner = frame.f_code.co_name if frame is not None else "?"
            end({"status": "hang", "hang": {"thread": qb_sched.label(sched.current),
                                            "at": qb_patch.describe_frame(frame), "inside": inner}})


def run(seed=None, plan=None, story=False):
    """One schedule in a forked child; the result with its normalised output."""
    paths = {name: os.path.join(WORK, name) for name in ("out", "err", "result")}
    for path in paths.values():
        if os.path.exists(path):
            os.remove(path)
    pid = os.fork()
    if pid == 0:
        try:
            child(seed, plan, story, paths)
        finally:
            os._exit(70)
    limit = CONFIG["hangMs"] / 1000 * 2 + 2
    if not wait_child(pid, limit):
        return {"status": "hang", "output": "", "error": "", "log": [], "threads": 0, "tasks": 0,
                "hang": {"thread": None, "at": None, "inside": None}, "steps": 0}
    result = {"status": "crash", "log": [], "threads": 0, "tasks": 0, "steps": 0}
    try:
        with open(paths["result"]) as file:
            result = json.load(file)
    except (OSError, ValueError):
        pass
    result["output"] = ADDRESS.sub("0x…", read_capped(paths["out"]))
    result["error"] = last_line(ADDRESS.sub("0x…", read_capped(paths["err"])))
    return result


def wait_child(pid, seconds):
    try:
        handle = os.pidfd_open(pid)
    except (AttributeError, OSError):
        handle = None
    if handle is not None:
        ready, _, _ = select.select([handle], [], [], seconds)
        os.close(handle)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return bool(ready)
    waited = 0.0
    while waited < seconds:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        qb_sched._real_sleep(0.002)
        waited += 0.002
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return False


def read_capped(path, limit=4000):
    try:
        with open(path, "rb") as file:
            return file.read(limit).decode("utf-8", "replace")
    except OSError:
        return ""


def last_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else ""


def remaining():
    return CONFIG["budgetMs"] / 1000 - (qb_sched.REAL_CLOCK() - BEGIN)


BEGIN = qb_sched.REAL_CLOCK()


def key(result):
    return (result["status"], result["output"], result["error"])


def plan_of(log):
    return {step: choice for step, choice, _ in log}


def shrink(log, still_breaks):
    """Delta debugging (ddmin) over the logged decisions: the fewest that still break the run."""
    items = list(log)
    tries = 0
    granularity = 2
    while len(items) >= 2 and remaining() > 0.3:
        size = -(-len(items) // granularity)
        chunks = [items[i:i + size] for i in range(0, len(items), size)]
        reduced = False
        for index in range(len(chunks)):
            for candidate in (chunks[index], [d for j, c in enumerate(chunks) if j != index for d in c]):
                if len(candidate) >= len(items) or remaining() <= 0.3:
                    continue
                tries += 1
                if still_breaks(candidate):
                    items, reduced = candidate, True
                    granularity = 2 if candidate is chunks[index] else max(granularity - 1, 2)
                    break
            if reduced:
                break
        if not reduced:
            if granularity >= len(items):
                break
            granularity = min(len(items), granularity * 2)
    return items, tries


def outcome_of(result):
    return {"status": result["status"], "output": result["output"], "error": result["error"]}


def explore():
    import gc
    gc.collect()
    gc.freeze()
    sources = "\n".join(SOURCES.values())
    if not CONCURRENCY.search(sources):
        return {"kind": "nothing", "reason": "no_concurrency"}
    if CONFIG.get("schedule") is not None:
        replayed = run(plan=plan_of(CONFIG["schedule"]), story=True)
        return {"kind": "replayed", "seed": None, "replay": replay_of(replayed)}
    if CONFIG.get("seed") is not None:
        result = run(seed=CONFIG["seed"], story=True)
        return {"kind": "replayed", "seed": CONFIG["seed"], "replay": replay_of(result)}
    baseline = run(plan={})
    if baseline["status"] == "hang":
        return {"kind": "hang", "hang": baseline.get("hang")}
    if baseline["threads"] <= 1 and baseline["tasks"] <= 1:
        return {"kind": "nothing", "reason": "no_threads_started"}
    counts = {key(baseline): {**outcome_of(baseline), "count": 0, "seed": None, "baseline": True}}
    results = []
    tried = 0
    partial = False
    for seed in range(CONFIG["firstSeed"], CONFIG["firstSeed"] + CONFIG["runs"]):
        if remaining() < CONFIG["budgetMs"] / 1000 * 0.3:
            partial = True
            break
        result = run(seed=seed)
        tried += 1
        result["seed"] = seed
        results.append(result)
        entry = counts.setdefault(key(result), {**outcome_of(result), "count": 0, "seed": seed,
                                                "baseline": False})
        entry["count"] += 1
        if entry["seed"] is None:
            entry["seed"] = seed
    report = {"kind": "explored", "baseline": outcome_of(baseline), "outcomes": list(counts.values()),
              "tried": tried, "partial": partial, "replay": None, "hang": None}
    if baseline["status"] == "deadlock":
        baseline["seed"] = None
        results.insert(0, baseline)
    deadlocks = [r for r in results if r["status"] == "deadlock"]
    report["deadlocks"] = unique_deadlocks(deadlocks)
    hangs = [r for r in results if r["status"] == "hang"]
    if hangs:
        report["hang"] = hangs[0].get("hang")
    differing = [r for r in results if key(r) != key(baseline) and r["status"] not in ("hang", "crash")]
    report["verdict"] = "deadlock" if deadlocks else ("race" if differing else "single")
    if deadlocks or differing:
        target = min(deadlocks or differing, key=lambda r: len(r["log"]))
        if target["status"] == "deadlock":
            breaks = lambda candidate: run(plan=plan_of(candidate))["status"] == "deadlock"
        else:
            breaks = lambda candidate: (lambda r: key(r) != key(baseline) and r["status"] != "hang")(
                run(plan=plan_of(candidate)))
        decisions, shrink_runs = shrink(target["log"], breaks)
        replayed = run(plan=plan_of(decisions), story=True)
        if key(replayed) == key(baseline):
            decisions = target["log"]
            replayed = run(plan=plan_of(decisions), story=True)
        report["replay"] = {**replay_of(replayed), "fromSeed": target["seed"], "shrinkRuns": shrink_runs,
                            "decisionsBefore": len(target["log"])}
    return report


# CPython 3.10+ with the GIL hands the GIL over only after calls and at backward jumps; 3.8 and 3.9 (and
# a free-threaded build) can switch between any two instructions, so a schedule that does so is no rarity there.
COARSE_SWITCHING = sys.version_info >= (3, 10) and getattr(sys, "_is_gil_enabled", lambda: True)()


def replay_of(result):
    log = result.get("log", [])
    story = (result.get("story") or [])[:40]
    for entry in story:
        if entry.get("at") and entry["at"].get("file"):
            entry["at"]["file"] = os.path.basename(entry["at"]["file"])
    return {"schedule": log[:400], "story": story, "deadlock": result.get("deadlock") or None,
            "perInstructionOnly": COARSE_SWITCHING and any(decision[2] == 0 for decision in log),
            "outcome": outcome_of(result), "steps": result.get("steps", 0)}


def unique_deadlocks(deadlocks):
    seen, found = set(), []
    for result in deadlocks:
        report = result.get("deadlock") or {"threads": []}
        signature = json.dumps(report, sort_keys=True)
        if signature in seen:
            continue
        seen.add(signature)
        found.append({"seed": result["seed"], "threads": report["threads"]})
    return found[:3]


def main():
    report = explore()
    report["python"] = "%d.%d.%d" % sys.version_info[:3]
    report["elapsedMs"] = round((qb_sched.REAL_CLOCK() - BEGIN) * 1000)
    line = json.dumps(report, ensure_ascii=False)
    os.write(1, bytes(NONCE) + b" " + line.encode("utf-8") + b"\n")


main()
`;
