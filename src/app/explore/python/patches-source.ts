/** `qb_patch.py`: threading, queue and time patched onto the scheduler, and the per-instruction tracing. Python source, run only inside the sandbox. */
export const EXPLORER_PATCHES = String.raw`# The patches and the tracing of the interleaving explorer: threading's primitives swapped for the
# scheduler's, time made virtual, and a callback before every instruction of the member's own code.
import sys, _thread, threading, time, queue, re
import qb_sched
from qb_sched import SchedLock, label, wait_text, name_locks, virtual_monotonic, virtual_time

_get_ident = _thread.get_ident


def patched_sleep(seconds):
    sched = qb_sched.SCHED
    me = sched.me() if sched is not None else None
    if me is None or me is not sched.current:
        return None
    if seconds <= 0:
        sched.point(None, 0, "sleep(0)", 0.5)
        return None
    sched.block("sleep(%g)" % seconds, sched.now + seconds)
    return None


_original_start = threading.Thread.start
_original_join = threading.Thread.join
_original_inner = threading.Thread._bootstrap_inner


def patched_start(self):
    sched = qb_sched.SCHED
    if sched is None or sched.me() is not sched.current:
        return _original_start(self)
    self._qb_state = sched.register(self, self.name, self.daemon)
    return _original_start(self)


def patched_inner(self):
    state = getattr(self, "_qb_state", None)
    sched = qb_sched.SCHED
    if state is None or sched is None:
        return _original_inner(self)
    state.go.acquire()
    state.ident = _get_ident()
    sched.by_ident[state.ident] = state
    try:
        _original_inner(self)
    finally:
        sched.finish(state)


def patched_join(self, timeout=None):
    state = getattr(self, "_qb_state", None)
    sched = qb_sched.SCHED
    me = sched.me() if sched is not None else None
    if state is None or me is None or me is not sched.current:
        return _original_join(self, timeout)
    if state is me:
        raise RuntimeError("cannot join current thread")
    until = None if timeout is None else sched.now + max(timeout, 0)
    while state.status != "finished":
        if until is not None and sched.now >= until:
            return None
        state.joiners.append(me)
        sched.block(("join", state), until)
        if me in state.joiners:
            state.joiners.remove(me)
    # Finished for the scheduler; the OS thread is only tearing down now.
    return _original_join(self)


def install():
    """Swaps threading's primitives for scheduler-aware ones; then Condition, Event, Semaphore,
    Barrier, queue.Queue and ThreadPoolExecutor follow, because they build on these."""
    threading.Lock = SchedLock
    threading._allocate_lock = SchedLock
    threading.RLock = threading._PyRLock
    threading.Thread.start = patched_start
    threading.Thread.join = patched_join
    threading.Thread._bootstrap_inner = patched_inner
    threading._time = virtual_monotonic
    queue.SimpleQueue = queue._PySimpleQueue
    queue.time = virtual_monotonic
    time.sleep = patched_sleep
    time.monotonic = virtual_monotonic
    time.perf_counter = virtual_monotonic
    time.time = virtual_time


def start_tracing(sched, traced):
    """Calls sched.point before every instruction of the member's own code."""
    if hasattr(sys, "monitoring"):
        monitoring = sys.monitoring
        tool = 4
        monitoring.use_tool_id(tool, "quizbot-explore")
        disable = monitoring.DISABLE

        def on_instruction(code, offset):
            if code.co_filename not in traced:
                return disable
            if sched.by_ident.get(_get_ident()) is sched.current:
                sched.point(sys._getframe(1), offset, None)
            return None

        monitoring.register_callback(tool, monitoring.events.INSTRUCTION, on_instruction)
        monitoring.set_events(tool, monitoring.events.INSTRUCTION)
        return

    def local(frame, event, arg):
        if event == "opcode" and sched.by_ident.get(_get_ident()) is sched.current:
            sched.point(frame, frame.f_lasti, None)
        return local

    def trace(frame, event, arg):
        if frame.f_code.co_filename in traced:
            frame.f_trace_opcodes = True
            frame.f_trace_lines = False
            return local
        return None

    threading.settrace(trace)
    sys.settrace(trace)


_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_MISSING = object()
_PLAIN = (int, float, bool, str, type(None))


def _short(value):
    if isinstance(value, _PLAIN):
        text = repr(value)
        return text if len(text) <= 40 else None
    if isinstance(value, (list, tuple, dict, set, frozenset)) and len(value) <= 8:
        try:
            text = repr(value)
        except Exception:
            return None
        return text if len(text) <= 60 else None
    return None


def _lookup(frame, path):
    # Only plain lookups (locals, globals, instance __dict__): a property would run member code here.
    head, *rest = path.split(".")
    value = frame.f_locals.get(head, _MISSING)
    if value is _MISSING:
        value = frame.f_globals.get(head, _MISSING)
    for attribute in rest:
        if value is _MISSING:
            return _MISSING
        namespace = getattr(value, "__dict__", None)
        value = namespace.get(attribute, _MISSING) if isinstance(namespace, dict) else _MISSING
    return value


def describe_frame(frame):
    """Where a thread or task stands in the member's code: the line and the plain values it names."""
    while frame is not None and frame.f_code.co_filename not in qb_sched.TRACED:
        frame = frame.f_back
    if frame is None:
        return None
    filename = frame.f_code.co_filename
    lines = qb_sched.SOURCES.get(filename, [])
    number = frame.f_lineno or 0
    text = lines[number - 1].strip() if 0 < number <= len(lines) else ""
    values = {}
    for path in _PATH.findall(text.split("#")[0]):
        if path in values or len(values) >= 4:
            continue
        value = _lookup(frame, path)
        shown = None if value is _MISSING else _short(value)
        if shown is not None:
            values[path] = shown
    return {"file": filename, "line": number, "code": text[:100], "values": values}


def describe_switch(me, target, frame, where):
    name_locks()
    if frame is None:
        frame = sys._getframe(2)
    return {"kind": "switch", "from": label(me), "at": describe_frame(frame), "to": label(target),
            "why": None if where in (None, "acquire", "sleep(0)") else wait_text(where)}
`;
