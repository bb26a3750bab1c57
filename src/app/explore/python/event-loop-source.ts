/** `qb_async.py`: the seeded asyncio event loop that holds ready tasks back. Python source, run only inside the sandbox. */
export const EXPLORER_EVENT_LOOP = `# The seeded event loop of the interleaving explorer. Shuffling the ready queue alone finds nothing
# (tasks stay in lockstep), so at each turn of the loop one ready callback may be held back until
# after the others and what they schedule: that is the decision logged and replayed.
import asyncio
import asyncio.unix_events as unix_events
import qb_sched, qb_patch


def task_of(handle):
    callback = getattr(handle, "_callback", None)
    owner = getattr(callback, "__self__", None)
    return owner if isinstance(owner, asyncio.Task) else None


def task_label(task):
    coro = task.get_coro()
    name = getattr(coro, "__qualname__", "?")
    return "%s (%s)" % (task.get_name(), name)


class SeededLoop(unix_events._UnixSelectorEventLoop):
    def time(self):
        return qb_sched.virtual_monotonic()

    def create_task(self, coro, **kwargs):
        sched = qb_sched.SCHED
        if sched is not None:
            sched.tasks += 1
        return super().create_task(coro, **kwargs)

    def _run_once(self):
        sched = qb_sched.SCHED
        if sched is None or sched.me() is not sched.current:
            return super()._run_once()
        self._wait_for_work(sched)
        ready = self._ready
        if len(ready) < 2:
            return super()._run_once()
        sched._tick()
        choice = self._decide(sched, len(ready))
        if choice is None:
            return super()._run_once()
        held = ready[choice]
        del ready[choice]
        sched.log.append([sched.step, choice, 1])
        if sched.story is not None:
            sched.story.append(describe_hold(held, ready))
        try:
            super()._run_once()
        finally:
            ready.append(held)

    def _decide(self, sched, count):
        if sched.plan is not None:
            choice = sched.plan.get(sched.step)
            return choice if choice is not None and 0 <= choice < count else None
        if sched.rng.random() >= sched.async_p:
            return None
        return sched.rng.randrange(count)

    def _wait_for_work(self, sched):
        """With nothing ready, let other threads run (to_thread, run_in_executor), then move the
        virtual clock to the next timer, so that select() never blocks while holding the turn."""
        me = sched.current
        while not self._ready:
            others = [s for s in sched.threads if s.status == "runnable" and s is not me]
            if others:
                sched._tick()
                target = others[0]
                if sched.plan is None and len(others) > 1:
                    target = sched.rng.choice(others)
                if target is not others[0]:
                    sched.log.append([sched.step, target.tid, 1])
                sched._switch(me, target)
                continue
            timers = [s.wake_at for s in sched.threads if s.status == "blocked" and s.wake_at is not None]
            loop_at = self._scheduled[0]._when - qb_sched.MONOTONIC_BASE if self._scheduled else None
            if loop_at is not None and (not timers or loop_at <= min(timers)):
                sched.now = max(sched.now, loop_at)
                return
            if timers:
                sched.block("the event loop's next event", min(timers))
                continue
            if len(self._selector.get_map()) > 1 or self._stopping:
                return
            sched.on_end({"status": "deadlock", "deadlock": task_deadlock()})


def describe_hold(held, others):
    task = task_of(held)
    who = task_label(task) if task is not None else "a callback"
    line = None
    if task is not None:
        frame = getattr(task.get_coro(), "cr_frame", None)
        if frame is not None:
            line = qb_patch.describe_frame(frame)
    ran = sorted({task_label(t) for t in (task_of(h) for h in others) if t is not None})
    return {"kind": "hold", "who": who, "at": line, "others": ran}


def task_deadlock():
    tasks = []
    for task in asyncio.all_tasks():
        frame = getattr(task.get_coro(), "cr_frame", None)
        tasks.append({
            "thread": task_label(task),
            "holds": [],
            "waitsFor": ("line %d" % frame.f_lineno) if frame is not None else "something",
        })
    tasks.sort(key=lambda item: item["thread"])
    return {"threads": tasks}


def install():
    unix_events._UnixDefaultEventLoopPolicy._loop_factory = SeededLoop
`;
