"""Runs the pack's output snippets in one interpreter start, as `python3 -I main.py` would run each.

Used by output-snippets.test.ts: starting an interpreter per snippet and run costs more than the
snippets themselves on a loaded two-core machine, so this driver starts once, imports the standard
modules the snippets use, and forks a child per snippet. The child gets what a fresh
`python3 -I main.py` gets: its own empty working folder holding main.py, a fresh `__main__` module,
no stdin, stdout and stderr of its own, and at the end the interpreter's exit steps (join the
non-daemon threads, run atexit callbacks, flush). Only the pack's own, trusted snippets run here.

stdin: {"timeout": seconds, "snippets": [{"id": str, "code": str}, ...]}
stdout: one JSON line per snippet, in input order:
        {"id", "stdout", "stderr", "exitCode", "timedOut"}
"""

import atexit
import builtins
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
import types

# Imported once here so that children do not pay for it; each child still starts from a fresh
# __main__. None of these starts a thread at import, so forking stays safe.
import asyncio  # noqa: F401
import concurrent.futures  # noqa: F401
import contextlib  # noqa: F401
import glob  # noqa: F401
import multiprocessing  # noqa: F401
import queue  # noqa: F401
import socket  # noqa: F401


def exit_status(code):
    """The process exit status for a SystemExit code, as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def run_child(code, work, stdout_path, stderr_path):
    """Runs in the forked child and never returns."""
    status = 70
    try:
        os.setpgid(0, 0)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(os.open(stdout_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
        os.dup2(os.open(stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        os.chdir(work)
        script = os.path.join(work, "main.py")
        main = types.ModuleType("__main__")
        main.__file__ = script
        main.__builtins__ = builtins
        sys.modules["__main__"] = main
        sys.argv = [script]
        sys.path[0] = work
        status = 0
        try:
            exec(compile(code, script, "exec"), main.__dict__)
        except SystemExit as stop:
            status = exit_status(stop.code)
        except BaseException:
            traceback.print_exc()
            status = 1
        # What the interpreter does on the way out: wait for non-daemon threads, then atexit.
        threading._shutdown()
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(status)


def wait_for(pid, timeout):
    """Waits for the child; kills its whole process group at the deadline or once it is done."""
    deadline = time.monotonic() + timeout
    pause = 0.001
    timed_out = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            timed_out = True
            kill_group(pid)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(pause)
        pause = min(pause * 2, 0.01)
    kill_group(pid)  # processes the snippet left behind
    return (None if timed_out else os.waitstatus_to_exitcode(status)), timed_out


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_snippet(snippet, timeout):
    base = tempfile.mkdtemp(prefix="quizbot-snippet-")
    try:
        work = os.path.join(base, "work")
        os.mkdir(work)
        with open(os.path.join(work, "main.py"), "w", encoding="utf-8") as fh:
            fh.write(snippet["code"])
        stdout_path = os.path.join(base, "stdout")
        stderr_path = os.path.join(base, "stderr")
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            run_child(snippet["code"], work, stdout_path, stderr_path)
        try:
            os.setpgid(pid, pid)
        except (PermissionError, ProcessLookupError):
            pass  # the child already did it, or already exited
        exit_code, timed_out = wait_for(pid, timeout)

        def read(path):
            try:
                with open(path, encoding="utf-8", errors="replace") as fh:
                    return fh.read()
            except FileNotFoundError:
                return ""

        return {
            "id": snippet["id"],
            "stdout": read(stdout_path),
            "stderr": read(stderr_path),
            "exitCode": exit_code,
            "timedOut": timed_out,
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)


def main():
    job = json.load(sys.stdin)
    for snippet in job["snippets"]:
        print(json.dumps(run_snippet(snippet, job["timeout"])), flush=True)


if __name__ == "__main__":
    main()
