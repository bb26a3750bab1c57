import { maxOutputBytes, maxOutputFiles, outputDirectory } from "../output-files.js";

/**
 * The Python half of the Pyodide worker, run once after Pyodide has loaded. It defines
 * `_quizbot_run(code, files)` -> (exit_code, native_feature, refused, outputs, left_out), which:
 * - refuses, before running, code that needs what WebAssembly cannot do (threads, processes,
 *   subprocesses), found with `ast` so that a word in a string or comment does not count;
 * - puts the interpreter back to the state it had after loading (modules, builtins, module
 *   attributes, sys settings, a fresh working directory), because a warm worker is reused;
 * - runs the program as `__main__` from `main.py` and prints tracebacks the way CPython does;
 * - stops quietly when the worker raises SIGTERM through the interrupt buffer (timeout, output cap);
 * - names the missing feature when the program still hits one (`can't start new thread`...);
 * - notes under a ModuleNotFoundError for a module outside the standard library that this Pyodide has
 *   no packages (the npm package carries no wheels, and nothing is downloaded): no matplotlib, no numpy;
 * - returns the files the program left in ./output, as the bwrap bootstrap does: regular files only, by
 *   name, at most ${maxOutputFiles} and ${maxOutputBytes} bytes in all, the rest named with why
 *   (the runner checks them again, output-files.ts).
 * It then cuts the program off from JavaScript: `js`, `pyodide_js` and Pyodide's own modules
 * cannot be imported from the snippet (the worker also disarms the JavaScript globals).
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps a backslash added to this source later from being read as a JavaScript escape
export const pyodideRunnerSource = String.raw`
import ast, builtins, io, os, shutil, signal, sys, traceback, types

_KEEP = {"sys", "builtins", "__main__"}
_FEATURES_BY_MODULE = {"multiprocessing": "processes", "subprocess": "subprocess", "_thread": "threads"}
_THREAD_NAMES = {"Thread", "Timer", "ThreadPoolExecutor", "to_thread", "run_in_executor"}
_PROCESS_NAMES = {"ProcessPoolExecutor", "fork", "forkpty"}
_SUBPROCESS_NAMES = {"system", "popen", "posix_spawn", "posix_spawnp", "spawnl", "spawnv", "execv", "execl"}
_BLOCKED = ("js", "pyodide_js", "pyodide", "_pyodide", "pyodide_http", "micropip")

def _feature_of_name(name):
    if name in _PROCESS_NAMES:
        return "processes"
    if name in _SUBPROCESS_NAMES:
        return "subprocess"
    if name in _THREAD_NAMES:
        return "threads"
    return None

def _feature_of_module(module):
    return _FEATURES_BY_MODULE.get(module.split(".")[0])

def find_native_feature(code):
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        found = None
        if isinstance(node, ast.Import):
            found = next(filter(None, (_feature_of_module(alias.name) for alias in node.names)), None)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found = _feature_of_module(node.module) or next(
                filter(None, (_feature_of_name(alias.name) for alias in node.names)), None)
        elif isinstance(node, ast.Attribute):
            found = _feature_of_name(node.attr)
        if found:
            return found
    return None

def _feature_of_error(error):
    seen = 0
    while error is not None and seen < 10:
        text = str(error)
        if isinstance(error, RuntimeError) and "can't start new thread" in text:
            return "threads"
        if "does not support processes" in text:
            return "subprocess"
        if isinstance(error, ImportError) and "_multiprocessing" in text:
            return "processes"
        error = error.__cause__ or error.__context__
        seen += 1
    return None

class _Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in _BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

def _ours(name):
    return name in _KEEP or name.split(".")[0] in _BLOCKED

def _module_snapshot():
    return {name: dict(module.__dict__) for name, module in list(sys.modules.items())
            if module is not None and not _ours(name)}

_run_count = 0

def _reset(baseline):
    for name in list(sys.modules):
        if name not in baseline["modules"] and not _ours(name):
            del sys.modules[name]
    for name, attributes in baseline["modules"].items():
        module = sys.modules.get(name)
        if module is not None and module.__dict__ != attributes:
            module.__dict__.clear()
            module.__dict__.update(attributes)
    builtins.__dict__.clear()
    builtins.__dict__.update(baseline["builtins"])
    sys.path[:] = baseline["path"]
    sys.meta_path[:] = baseline["meta_path"]
    os.environ.clear()
    os.environ.update(baseline["environ"])
    sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__
    sys.setrecursionlimit(baseline["recursion"])
    sys.settrace(None)
    sys.setprofile(None)
    sys.excepthook, sys.displayhook = sys.__excepthook__, sys.__displayhook__

class _Stopped(BaseException):
    """Raised when the worker asks the program to stop (SIGTERM through Pyodide's interrupt buffer)."""

def _stop(signum, frame):
    raise _Stopped()

def _exit_code(error):
    if error.code is None:
        return 0
    if isinstance(error.code, int):
        return error.code
    print(error.code, file=sys.stderr)
    return 1

_NO_PACKAGES_NOTE = ("This Pyodide runs the standard library only: no packages are installed here "
                     "(no matplotlib, no numpy). Choose a CPython interpreter for them.")

def _note_missing_package(error):
    if isinstance(error, ModuleNotFoundError) and error.name:
        if error.name.split(".")[0] not in sys.stdlib_module_names:
            error.add_note(_NO_PACKAGES_NOTE)

def _outputs(folder, listdir=os.listdir, lstat=os.lstat, open_file=io.open):
    # Bound at definition: the program may have replaced os.listdir or open by the time this runs.
    kept, skipped, total = [], [], 0
    try:
        names = sorted(listdir(folder))
    except OSError:
        return kept, skipped
    for name in names:
        path = folder + "/" + name
        try:
            mode = lstat(path).st_mode
        except OSError:
            continue
        if mode & 0o170000 != 0o100000:
            skipped.append((name, "kind"))
            continue
        if len(kept) >= ${maxOutputFiles}:
            skipped.append((name, "count"))
            continue
        try:
            with open_file(path, "rb") as file:
                data = file.read(${maxOutputBytes} - total + 1)
        except OSError:
            continue
        if total + len(data) > ${maxOutputBytes}:
            skipped.append((name, "size"))
            continue
        total += len(data)
        kept.append((name, bytes(data)))
    return kept, skipped

def _make_runner():
    work = "/sandbox"
    sys.meta_path.insert(0, _Blocker())
    for name in list(sys.modules):
        if name.split(".")[0] in ("js", "pyodide_js"):
            del sys.modules[name]
    baseline = {
        "modules": _module_snapshot(),
        "builtins": dict(builtins.__dict__),
        "path": list(sys.path) + [work],
        "meta_path": list(sys.meta_path),
        "environ": {"HOME": work, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"},
        "recursion": sys.getrecursionlimit(),
    }

    def run(code, files):
        _reset(baseline)
        os.chdir("/")  # the old working directory cannot be removed while it is the current one
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        os.chdir(work)
        for name, content in files.items():
            if "/" in name:
                os.makedirs(os.path.dirname(name), exist_ok=True)
            with open(name, "w", encoding="utf-8") as file:
                file.write(content)
        with open("main.py", "w", encoding="utf-8") as file:
            file.write(code)
        feature = find_native_feature(code)
        if feature:
            return (None, feature, True, [], [])
        main = types.ModuleType("__main__")
        main.__file__ = work + "/main.py"
        main.__builtins__ = builtins
        sys.modules["__main__"] = main
        sys.argv[:] = ["main.py"]
        signal.signal(signal.SIGTERM, _stop)
        exit_code, feature = 0, None
        try:
            exec(compile(code, "main.py", "exec"), main.__dict__)
        except SystemExit as error:
            exit_code = _exit_code(error)
        except _Stopped:
            exit_code = None  # stopped from outside: the runner reports why, a traceback would only confuse
        except BaseException as error:
            feature = _feature_of_error(error)
            _note_missing_package(error)
            error = error.with_traceback(error.__traceback__.tb_next)
            traceback.print_exception(error, file=sys.__stderr__)
            exit_code = 1
        finally:
            for stream in (sys.__stdout__, sys.__stderr__):
                try:
                    stream.flush()
                except BaseException:
                    pass
        try:
            kept, skipped = _outputs(work + "/${outputDirectory}")
        except BaseException:
            kept, skipped = [], []
        return (exit_code, feature, False, kept, skipped)
    return run

_quizbot_run = _make_runner()
del _make_runner
`;
