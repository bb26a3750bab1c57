/**
 * Python functions a zygote's program process calls before the bootstrap's hand-over (zygote-source.ts):
 * the warm-up, and the address-space figures its RLIMIT_AS is raised by. Module-level definitions, after
 * the bootstrap's (bootstrap.ts), whose imports they use.
 */
export const zygoteRunHelpers = String.raw`
def _qb_warm_up():
    # The pages a run's hand-over touches are the zygote's until written: copying them while the sandbox
    # waits for its program, rather than in the run, takes that cost off the run's latency.
    with open("/tmp/.warm", "wb") as file:
        file.write(b"import io\nprint(1, file=io.StringIO())\n")
    with open("/tmp/.warm", "rb") as file:
        code = file.read()
    os.unlink("/tmp/.warm")
    namespace = {"__name__": "__warm__", "__builtins__": builtins}
    exec(compile(code + b"x = [str(n) * 3 for n in range(300)]\n", "main.py", "exec"), namespace)
    os.listdir("/tmp")
    resource.getrusage(resource.RUSAGE_SELF)
def address_space():
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()
def fresh_address_space():
    # A new interpreter's address space once it has imported what the bootstrap imports, measured once.
    source = "import posix, sys, builtins, resource, _thread, _sitebuiltins, atexit, time\n"
    source += "posix.write(1, open('/proc/self/statm', 'rb').read().split()[0])"
    reader, writer = os.pipe()
    child = os.posix_spawn(sys.executable, [sys.executable, "-I", "-S", "-c", source], {},
                           file_actions=[(os.POSIX_SPAWN_DUP2, writer, 1)])
    os.close(writer)
    pages = os.read(reader, 64)
    os.close(reader)
    os.waitpid(child, 0)
    return int(pages) * resource.getpagesize()
`;
