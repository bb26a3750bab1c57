/** `qb_sched.py`: the scheduler that lets one thread run at a time and the lock it hands out. Python source, run only inside the sandbox. */
export const EXPLORER_SCHEDULER = `# The thread scheduler of the interleaving explorer: real OS threads, exactly one of them running at a
# time. Each thread owns a "go" lock it waits on; the scheduler hands the turn over by releasing the
# next thread's lock and waiting on its own. Only the thread holding the turn touches the scheduler's
# state, so the state needs no lock of its own.
import sys, _thread, threading, time, dis

_raw_lock = _thread.allocate_lock
_get_ident = _thread.get_ident
_real_sleep = time.sleep
REAL_CLOCK = time.perf_counter
SCHED = None


class ThreadState:
    def __init__(self, tid, name, daemon):
        self.tid = tid
        self.name = name
        self.daemon = daemon
        self.go = _raw_lock()
        self.go.acquire()
        self.status = "runnable"
        self.waiting = None
        self.held = []
        self.joiners = []
        self.wake_at = None
        self.first = True
        self.ident = None


def label(state):
    return state.name if state.tid else "the main thread"


class Scheduler:
    """Decides who runs at each step. 'plan' maps step -> choice when replaying; 'rng' explores."""

    def __init__(self, rng, plan, switch_p, max_steps, on_end, describe):
        self.rng = rng
        self.plan = plan
        self.switch_p = switch_p
        self.max_steps = max_steps
        self.on_end = on_end
        self.describe = describe
        self.step = 0
        self.now = 0.0
        self.log = []
        self.story = [] if describe else None
        self.threads = []
        self.by_ident = {}
        self.tasks = 0
        main = self.register(None, "main", False)
        main.ident = _get_ident()
        self.by_ident[main.ident] = main
        self.current = main

    def register(self, thread, name, daemon):
        state = ThreadState(len(self.threads), name, daemon)
        self.threads.append(state)
        return state

    def me(self):
        return self.by_ident.get(_get_ident())

    # -- decisions ---------------------------------------------------------------------------------
    def _tick(self):
        self.step += 1
        self.now += 1e-6
        if self.step > self.max_steps:
            self.on_end({"status": "too_long"})
        for state in self.threads:
            if state.wake_at is not None and state.wake_at <= self.now and state.status == "blocked":
                self.wake(state)

    def _choose(self, candidates, default, chance):
        """The plan's choice for this step when replaying; a seeded draw otherwise (logged when it differs)."""
        if self.plan is not None:
            wanted = self.plan.get(self.step)
            for state in candidates:
                if state.tid == wanted:
                    return state
            return default
        if default is not None and self.rng.random() >= chance:
            return default
        choice = self.rng.choice(candidates)
        return choice

    def point(self, frame, offset, where, chance=None):
        """A voluntary switch point in the member's code: maybe hand the turn to another thread."""
        self._tick()
        me = self.current
        if chance is None:
            chance = 0.5 if me.first else self.switch_p
        me.first = False
        others = [state for state in self.threads if state.status == "runnable" and state is not me]
        if not others:
            return
        target = self._choose(others, None, chance) if self.plan is not None else (
            self.rng.choice(others) if self.rng.random() < chance else None)
        if target is None:
            return
        self._record(target, frame, offset, where)
        self._switch(me, target)

    def _record(self, target, frame, offset, where):
        real = where == "sleep(0)" if frame is None else realistic(frame.f_code, offset)
        self.log.append([self.step, target.tid, 1 if real else 0])
        if self.story is not None:
            self.story.append(self.describe(self.current, target, frame, where))

    def block(self, where, until=None):
        """The current thread cannot go on (a lock, a join, a sleep): another one runs until it is woken."""
        me = self.current
        me.status = "blocked"
        me.waiting = where
        me.wake_at = until
        self._tick()
        self._hand_over(me, where)
        me.waiting = None
        me.wake_at = None

    def wake(self, state):
        if state.status == "blocked":
            state.status = "runnable"

    def finish(self, state):
        state.status = "finished"
        for joiner in state.joiners:
            self.wake(joiner)
        state.joiners = []
        self._tick()
        self._hand_over(state, None)

    def _hand_over(self, me, where):
        while True:
            runnable = [state for state in self.threads if state.status == "runnable"]
            if runnable:
                break
            timers = [state.wake_at for state in self.threads
                      if state.status == "blocked" and state.wake_at is not None]
            if not timers:
                if me.status == "finished" and all(s.status == "finished" for s in self.threads):
                    return
                self.on_end({"status": "deadlock", "deadlock": self.deadlock_report()})
            self.now = max(self.now, min(timers))
            for state in self.threads:
                if state.status == "blocked" and state.wake_at is not None and state.wake_at <= self.now:
                    self.wake(state)
        default = runnable[0]
        if self.plan is not None:
            target = self._choose(runnable, default, 0)
        else:
            target = self.rng.choice(runnable) if len(runnable) > 1 else default
        if target is not default:
            self.log.append([self.step, target.tid, 1])
            if self.story is not None:
                self.story.append(self.describe(me, target, None, where))
        self._switch(me, target)

    def _switch(self, me, target):
        if target is me:
            return
        self.current = target
        target.go.release()
        if me.status != "finished":
            me.go.acquire()

    def deadlock_report(self):
        name_locks()
        frames = sys._current_frames()
        threads = []
        for state in self.threads:
            if state.status != "blocked":
                continue
            entry = {
                "thread": label(state),
                "holds": [lock_name(lock) for lock in state.held if lock.where or id(lock) in LOCK_NAMES],
                "waitsFor": wait_text(state.waiting),
            }
            entry.update(member_call(frames.get(state.ident)))
            threads.append(entry)
        return {"threads": threads}


def member_call(frame):
    """The line of the member's code a thread stands on and the library call it is inside."""
    callee = None
    while frame is not None and frame.f_code.co_filename not in TRACED:
        callee = frame
        frame = frame.f_back
    if frame is None:
        return {}
    lines = SOURCES.get(frame.f_code.co_filename, [])
    number = frame.f_lineno or 0
    found = {"line": number, "code": lines[number - 1].strip()[:100] if 0 < number <= len(lines) else ""}
    if callee is not None:
        name = getattr(callee.f_code, "co_qualname", callee.f_code.co_name)
        found["call"] = PATCHED_NAMES.get(name, name)
    return found


def wait_text(waiting):
    if isinstance(waiting, SchedLock):
        return lock_name(waiting)  # None for a lock inside the library: the call says more
    if isinstance(waiting, tuple) and waiting[0] == "join":
        return "the end of " + label(waiting[1])
    if isinstance(waiting, str):
        return waiting
    return "something"


LOCK_NAMES = {}
PATCHED_NAMES = {"patched_join": "Thread.join", "patched_sleep": "time.sleep", "patched_start": "Thread.start"}


def lock_name(lock):
    return LOCK_NAMES.get(id(lock)) or lock.where


_realistic_cache = {}


def realistic(code, offset):
    """Whether stock CPython could switch threads just before this instruction: after a call, at a
    backward jump's target, or at a function's start (where its eval breaker is checked)."""
    spots = _realistic_cache.get(code)
    if spots is None:
        spots = set()
        previous = None
        for instruction in dis.get_instructions(code):
            if instruction.opname == "RESUME":
                spots.add(instruction.offset)
            if previous is not None and previous.opname.startswith("CALL"):
                spots.add(instruction.offset)
            if instruction.opname.startswith("JUMP_BACKWARD") and isinstance(instruction.argval, int):
                spots.add(instruction.argval)
            previous = instruction
        _realistic_cache[code] = spots
    return offset in spots


class SchedLock:
    """threading.Lock under the scheduler: acquiring a held lock blocks in the scheduler, not in C."""

    def __init__(self):
        self._locked = False
        self._owner = None
        self._waiters = []
        self.where = creation_place()

    def acquire(self, blocking=True, timeout=-1):
        sched = SCHED
        me = sched.me() if sched is not None else None
        if me is None or me is not sched.current:
            return self._acquire_outside(blocking, timeout)
        if self.where is not None and (from_member(2) or from_member(3)):
            sched.point(None, 0, "acquire", 0.3)
        until = None
        if blocking and timeout is not None and timeout >= 0:
            until = sched.now + timeout
        while self._locked:
            if not blocking or (until is not None and sched.now >= until):
                return False
            self._waiters.append(me)
            try:
                sched.block(self, until)
            finally:
                self._waiters.remove(me)
        self._locked = True
        self._owner = me
        me.held.append(self)
        return True

    def _acquire_outside(self, blocking, timeout):
        # Only before or after the scheduler runs (module import, interpreter shutdown).
        deadline = None if timeout is None or timeout < 0 else REAL_CLOCK() + timeout
        while self._locked:
            if not blocking or (deadline is not None and REAL_CLOCK() >= deadline):
                return False
            _real_sleep(0.0005)
        self._locked = True
        return True

    def release(self):
        if not self._locked:
            raise RuntimeError("release unlocked lock")
        self._locked = False
        owner, self._owner = self._owner, None
        if owner is not None and self in owner.held:
            owner.held.remove(self)
        sched = SCHED
        if sched is not None:
            for waiter in self._waiters:
                sched.wake(waiter)

    def locked(self):
        return self._locked

    def _at_fork_reinit(self):
        self._locked = False
        self._owner = None
        self._waiters = []

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc):
        self.release()

    def __repr__(self):
        return "<%s lock>" % ("locked" if self._locked else "unlocked")


TRACED = set()
SOURCES = {}


def creation_place():
    """'line N' when the member's code made this lock itself; None for locks inside the library."""
    frame = sys._getframe(2)
    if frame.f_code.co_filename in TRACED:
        return "the lock made at line %d" % frame.f_lineno
    return None


def from_member(depth):
    frame = sys._getframe(depth)
    return frame.f_code.co_filename in TRACED


def name_locks():
    """Names the member's locks after the variables that hold them (globals and their attributes)."""
    main = sys.modules.get("__main__")
    namespace = getattr(main, "__dict__", {})
    def visit(name, value, depth):
        lock = value
        if isinstance(value, threading.Condition):
            lock = value._lock
        if isinstance(lock, threading._PyRLock):
            lock = lock._block
        if isinstance(lock, SchedLock):
            LOCK_NAMES.setdefault(id(lock), name)
            return
        if depth == 0 and not isinstance(value, type):
            attributes = getattr(value, "__dict__", None)
            if isinstance(attributes, dict):
                for attribute, inner in list(attributes.items())[:50]:
                    visit(name + "." + attribute, inner, 1)
    for name, value in list(namespace.items()):
        if not name.startswith("__"):
            visit(name, value, 0)


MONOTONIC_BASE = time.monotonic()
_time_base = time.time()


def virtual_monotonic():
    return MONOTONIC_BASE + (SCHED.now if SCHED is not None else 0.0)


def virtual_time():
    return _time_base + (SCHED.now if SCHED is not None else 0.0)


`;
