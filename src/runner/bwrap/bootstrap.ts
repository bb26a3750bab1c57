import { mainFileName } from "../request-check.js";
import { readyFd, workDirectory } from "./sandbox-command.js";

/**
 * The Python the sandbox starts with (`python -I -S -c BOOTSTRAP marker cpu memory processes scratch`).
 * It says "ready" on fd 4, waits for one message on stdin, writes the files, sets the rlimits and
 * runs the program as `__main__`; the rest of stdin is the program's own input.
 *
 * Why it is shaped this way:
 * - Only built-in modules before the hand-over (no json: importing it costs more than Python's start).
 * - rlimits are set here rather than by a wrapper so that a warm sandbox's idle time and start-up
 *   do not count: RLIMIT_CPU is set to the CPU already used plus the limit. Node cannot set rlimits
 *   for a child, and prlimit(1) would cost another exec on every cold start.
 * - The program runs in the real `__main__` module so that multiprocessing can pickle its functions,
 *   and a traceback starts at the program's first line, not in this file.
 * - Threads get a 4 MiB stack instead of 8 MiB so that RLIMIT_AS does not cap threads before
 *   RLIMIT_NPROC does (the process limit counts threads).
 */
export const bootstrapSource = String.raw`
import os, sys, builtins, resource, _thread, _sitebuiltins
def _qb_read(n):
    parts = []
    while n > 0:
        part = os.read(0, min(n, 1 << 20))
        if not part:
            os._exit(70)
        parts.append(part)
        n -= len(part)
    return b"".join(parts)
def _qb_main(sys=sys, os=os, builtins=builtins, BaseException=BaseException, SystemExit=SystemExit):
    cpu, memory, processes, scratch = (int(value) for value in sys.argv[2:6])
    os.write(${readyFd}, b"R")
    os.closerange(3, 1024)
    payload = _qb_read(int(_qb_read(12)))
    head, _, body = payload.partition(b"\n")
    fields, at = [], 0
    for size in head.split():
        fields.append(body[at:at + int(size)])
        at += int(size)
    code = fields[0]
    for index in range(1, len(fields) - 1, 2):
        name = fields[index].decode()
        if "/" in name:
            os.makedirs(os.path.dirname(name), exist_ok=True)
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
    sys.stdout.reconfigure(line_buffering=True)
    namespace = sys.modules["__main__"].__dict__
    namespace.clear()
    namespace.update(__name__="__main__", __file__="${workDirectory}/${mainFileName}", __builtins__=builtins,
                     __doc__=None, __loader__=None, __spec__=None, __package__=None)
    try:
        exec(compile(code, "${mainFileName}", "exec"), namespace)
    except SystemExit:
        raise
    except BaseException as error:
        # Drop this frame; the default hook prints the exception's own traceback, not its argument.
        error = error.with_traceback(error.__traceback__.tb_next)
        sys.excepthook(type(error), error, error.__traceback__)
        sys.exit(1)
_qb_main()
`;

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
