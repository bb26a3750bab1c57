import { maxOutputBytes, maxOutputFiles, outputDirectory } from "../output-files.js";
import { mainFileName } from "../request-check.js";
import { readyFd, workDirectory } from "./sandbox-command.js";

/**
 * The Python the sandbox starts with (`python -I -S -c BOOTSTRAP marker cpu memory processes scratch path`,
 * where `path` is the folders to append to `sys.path`, `:`-separated: the interpreter's site-packages).
 * It says "ready" on fd 4 (`R`), waits for one message on stdin, writes the files, sets the rlimits and
 * runs the program as `__main__`; the rest of stdin is the program's own input. When the program
 * has ended it sends the files it left in `./output` (`F`, see `EndReportReader`), reports its exit
 * code, CPU time, wall time and peak resident size on fd 4 (`X<code> <cpu ms> <wall ms> <peak KiB>\n`) and leaves at once.
 *
 * Why it is shaped this way:
 * - Only built-in modules before the hand-over (no json: importing it costs more than Python's start),
 *   and `posix` rather than `os`: `os` brings posixpath, stat and _collections_abc, which a bare
 *   `python -I -S` does not load (a program that imports os pays for it, as it would outside).
 * - rlimits are set here rather than by a wrapper so that a warm sandbox's idle time and start-up
 *   do not count: RLIMIT_CPU is set to the CPU already used plus the limit. Node cannot set rlimits
 *   for a child, and prlimit(1) would cost another exec on every cold start.
 * - The program runs in the real `__main__` module so that multiprocessing can pickle its functions,
 *   and a traceback starts at the program's first line, not in this file.
 * - Threads get a 4 MiB stack instead of 8 MiB so that RLIMIT_AS does not cap threads before
 *   RLIMIT_NPROC does (the process limit counts threads).
 * - The end is reported rather than waited for: the interpreter's own finalization and the
 *   sandbox's teardown (unmounting its namespace, reaping its pid namespace) took about as long as
 *   a trivial program (profiled in bench/runner-profile.ts), and nothing in them is the program's.
 *   Before reporting, it does what finalization does that a program can see: joins non-daemon
 *   threads, runs atexit handlers (multiprocessing's joins its children there), clears `__main__`
 *   so that `__del__` methods run, and flushes stdout and stderr; only then `os._exit`. Everything
 *   the program printed is in the pipes before the report (see PythonSandbox.run).
 *   A process the program forked that returns to here is not the sandbox's main program: it exits
 *   the ordinary way and reports nothing.
 */
export const bootstrapDefinitions = String.raw`
import posix as os, sys, builtins, resource, _thread, _sitebuiltins, atexit, time
def _qb_read(n):
    parts = []
    while n > 0:
        part = os.read(0, min(n, 1 << 20))
        if not part:
            os._exit(70)
        parts.append(part)
        n -= len(part)
    return b"".join(parts)
# These functions run after __main__'s namespace (their globals) became the program's, so every
# name they use is bound as a default argument.
def _qb_exit_code(error, sys=sys, isinstance=isinstance, int=int, str=str, BaseException=BaseException):
    # What the interpreter makes of an uncaught SystemExit (Python/pythonrun.c, handle_system_exit).
    code = error.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + "\n")
    except BaseException:
        pass
    return 1
def _qb_outputs(os=os, len=len, sorted=sorted, open=open, str=str, OSError=OSError):
    # The files the program left in ./${outputDirectory} for its result (no comprehensions: their scope
    # would not see these defaults). Regular files only, by name, at most ${maxOutputFiles} and
    # ${maxOutputBytes} bytes in all; the rest are named with why they were left out. The runner checks
    # all of it again (output-files.ts).
    folder = "${workDirectory}/${outputDirectory}"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    kept, skipped, total = [], [], 0
    for name in names:
        path = folder + "/" + name
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue
        if mode & 0o170000 != 0o100000:
            skipped.append(name + "\tkind")
            continue
        if len(kept) >= ${maxOutputFiles}:
            skipped.append(name + "\tcount")
            continue
        try:
            with open(path, "rb") as file:
                data = file.read(${maxOutputBytes} - total + 1)
        except OSError:
            continue
        if total + len(data) > ${maxOutputBytes}:
            skipped.append(name + "\tsize")
            continue
        total += len(data)
        kept.append((name, data))
    if not kept and not skipped:
        return
    fields = ["\n".join(skipped).encode("utf-8", "surrogateescape")]
    sizes = [str(len(fields[0]))]
    for name, data in kept:
        encoded = name.encode("utf-8", "surrogateescape")
        fields.append(encoded)
        fields.append(data)
        sizes.append(str(len(encoded)))
        sizes.append(str(len(data)))
    payload = (" ".join(sizes) + "\n").encode() + b"".join(fields)
    frame = b"F%012d" % len(payload) + payload
    while frame:
        frame = frame[os.write(${readyFd}, frame):]
def _qb_finish(code, main_pid, namespace, sys=sys, os=os, atexit=atexit, BaseException=BaseException,
               OSError=OSError, outputs=_qb_outputs, resource=resource, int=int, started=0.0, time=time):
    if os.getpid() != main_pid:
        sys.exit(code)
    threading = sys.modules.get("threading")
    if threading is not None:
        try:
            threading._shutdown()
        except BaseException:
            pass
    atexit._run_exitfuncs()
    try:
        namespace.clear()
    except BaseException:
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    try:
        outputs()
    except BaseException:
        pass
    # The CPU time of this process and the children it waited for, so that a program too short for
    # the runner's watchdog to see still has its CPU figure (start-up included, as the watchdog counts it),
    # and the wall time since the program arrived (a program handed over with a cold start may have
    # ended before the runner started its clock).
    # The peak resident size too (KiB; the largest of this process and any child it waited for), for the
    # same reason: a program that ends before the watchdog's first look still has a peak.
    cpu = 0
    peak = 0
    try:
        for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
            usage = resource.getrusage(who)
            cpu += usage.ru_utime + usage.ru_stime
            peak = max(peak, usage.ru_maxrss)
    except BaseException:
        pass
    try:
        wall = int((time.perf_counter() - started) * 1000)
        os.write(${readyFd}, b"X%d %d %d %d\n" % (code, int(cpu * 1000), wall, peak))
    except OSError:
        pass
    os._exit(code)
def _qb_main(sys=sys, os=os, builtins=builtins, BaseException=BaseException, SystemExit=SystemExit,
             type=type, exit_code_of=_qb_exit_code, finish=_qb_finish):
    cpu, memory, processes, scratch = (int(value) for value in sys.argv[2:6])
    site_folders = sys.argv[6].split(":")
    os.write(${readyFd}, b"R")
    # fd ${readyFd} stays open for the end report; nothing else the sandbox was started with does.
    os.closerange(3, ${readyFd})
    os.closerange(${readyFd} + 1, 1024)
    os.set_inheritable(${readyFd}, False)
    main_pid = os.getpid()
    payload = _qb_read(int(_qb_read(12)))
    started = time.perf_counter()
    head, _, body = payload.partition(b"\n")
    fields, at = [], 0
    for size in head.split():
        fields.append(body[at:at + int(size)])
        at += int(size)
    code = fields[0]
    for index in range(1, len(fields) - 1, 2):
        name = fields[index].decode()
        if "/" in name:
            import os as full_os
            full_os.makedirs(full_os.path.dirname(name), exist_ok=True)
        with open(name, "wb") as file:
            file.write(fields[index + 1])
    with open("${mainFileName}", "wb") as file:
        file.write(code)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(usage.ru_utime + usage.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (spent + cpu, spent + cpu + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (scratch, scratch))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _thread.stack_size(4 << 20)
    builtins.exit = _sitebuiltins.Quitter("exit", "Ctrl-D (i.e. EOF)")
    builtins.quit = _sitebuiltins.Quitter("quit", "Ctrl-D (i.e. EOF)")
    sys.argv[:] = ["${mainFileName}"]
    sys.path.insert(0, "${workDirectory}")
    sys.path.extend(filter(None, site_folders))
    sys.stdout.reconfigure(line_buffering=True)
    namespace = sys.modules["__main__"].__dict__
    namespace.clear()
    namespace.update(__name__="__main__", __file__="${workDirectory}/${mainFileName}", __builtins__=builtins,
                     __doc__=None, __loader__=None, __spec__=None, __package__=None)
    exit_code = 0
    try:
        exec(compile(code, "${mainFileName}", "exec"), namespace)
    except SystemExit as error:
        exit_code = exit_code_of(error)
    except BaseException as error:
        # Drop this frame; the default hook prints the exception's own traceback, not its argument.
        error = error.with_traceback(error.__traceback__.tb_next)
        sys.excepthook(type(error), error, error.__traceback__)
        exit_code = 1
    finish(exit_code, main_pid, namespace, started=started)
`;

/** The bootstrap as one sandbox's `-c` runs it: the definitions above, then the hand-over. */
export const bootstrapSource = `${bootstrapDefinitions}_qb_main()\n`;

/**
 * The message the bootstrap reads: 12 ASCII digits giving the payload length, then the payload:
 * one line of field lengths in bytes, then the fields (the program, then file name and content pairs).
 */
export function encodeProgram(code: string, files: Readonly<Record<string, string>> = {}): Buffer {
  const fields = [Buffer.from(code, "utf8")];
  for (const [name, content] of Object.entries(files)) {
    fields.push(Buffer.from(name, "utf8"), Buffer.from(content, "utf8"));
  }
  const head = Buffer.from(`${fields.map((field) => field.byteLength).join(" ")}\n`, "ascii");
  const payload = Buffer.concat([head, ...fields]);
  return Buffer.concat([Buffer.from(String(payload.byteLength).padStart(12, "0"), "ascii"), payload]);
}
