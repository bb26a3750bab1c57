import { bootstrapDefinitions } from "./bootstrap.js";
import { keyringFiltersInPython } from "./keyring-filter.js";
import { readyFd, workDirectory, zygoteSocketFd } from "./sandbox-command.js";

/**
 * The zygote: one long-lived Python per interpreter, inside one bubblewrap sandbox, that forks a fresh
 * sandbox for each run instead of starting bwrap and CPython again. On this kind of host process
 * creation is the run's whole cost (a bare `python -I -S -c pass` took 24 ms; a fork of a started
 * interpreter a fifth of that), so a fork is what makes 150 trivial runs a second possible.
 *
 * `python -I -S -c ZYGOTE marker cpu memory processes scratch path`, as the bootstrap, inside bwrap with
 * CAP_SYS_ADMIN, CAP_NET_ADMIN and CAP_SETPCAP kept in bwrap's user namespace (and nowhere else: that namespace
 * owns nothing of the host's). fd ${zygoteSocketFd} is a SOCK_SEQPACKET socket to the launcher.
 *
 * Each run, on the launcher's `R` + run id with the run's four pipe ends (stdin, stdout, stderr and the
 * report fd) as SCM_RIGHTS:
 * - the zygote clones a child into new pid, mount and IPC namespaces (a raw clone(2): the child is pid 1
 *   of its own pid namespace, so that when it ends the kernel kills whatever the run left);
 * - that child says `P` + id on the socket (the kernel attaches its pid as the launcher sees it, which is
 *   what the runner kills, watches and puts in a cgroup), mounts a fresh tmpfs on the working
 *   directory, /tmp and /dev/shm and a fresh /proc of its own (with /proc/sys and friends read-only, as
 *   bwrap does), drops every capability, then forks the program's process (pid 2, as
 *   under bwrap), which starts a session of its own and runs the bootstrap's hand-over (bootstrap.ts);
 * - the child waits for the program's process, reaping orphans meanwhile, and exits with its status
 *   (128 + N for a signal, as bwrap reports it); the zygote reaps it and says `X` + id + the code.
 * A child that cannot set its sandbox up writes why on the run's stderr and exits 71 before any program
 * runs. Every run sees only its own processes, files and IPC objects; the runs of one zygote, which come
 * one at a time (see ZygotePool), share its read-only root, its user namespace, its hostname and its
 * loopback-only network, where nothing of a run outlives its processes.
 *
 * The zygote never runs a program and never reads one: programs go straight from the launcher's pipes to
 * the program's process. It leaves when the launcher closes the socket; runs die with it (their pid 1
 * has PR_SET_PDEATHSIG). A program finds the few modules the zygote imported for itself (ctypes, os,
 * struct, select, _socket) already imported, and its address-space limit is raised by what it inherits
 * beyond a new interpreter's, so that it has the room it would have had.
 */
export const zygoteSource = `${bootstrapDefinitions}${String.raw`
def _qb_zygote():
    # _signal rather than signal, whose enums would bring a dozen modules more into every run.
    import _signal as signal, select, _socket, ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    # clone(2)'s other arguments are all zero here, so their order does not matter.
    machine = os.uname().machine
    clone = {"x86_64": 56, "aarch64": 220}.get(machine)
    # The keyring filter (keyring-filter.ts), the same program a bwrap per run gets from --seccomp.
    keyring_program = ${keyringFiltersInPython()}.get(machine)
    if clone is None or keyring_program is None:
        raise SystemExit("zygote: clone(2) or the keyring filter is not known on " + machine)
    MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_RDONLY = 2, 4, 8, 1
    MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
    NEW_NAMESPACES = 0x00020000 | 0x20000000 | 0x08000000  # mount, pid, IPC
    SIGCHLD = 17
    scratch = int(sys.argv[5])
    def check(result, what):
        if result != 0:
            number = ctypes.get_errno()
            raise OSError(number, what + ": " + os.strerror(number))
    def mount(source, target, kind, flags, data=None):
        encode = lambda text: None if text is None else text.encode()
        check(libc.mount(encode(source), encode(target), encode(kind), ctypes.c_ulong(flags), encode(data)),
              "mount " + target)
    def read_only(path):
        try:
            os.stat(path)
        except OSError:
            return
        mount(path, path, None, MS_BIND | MS_REC)
        mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)
    def loopback_up():
        probe = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
        try:
            # struct ifreq: the name, then ifr_flags (IFF_UP | IFF_LOOPBACK | IFF_RUNNING), padded to 40 bytes.
            request = ctypes.create_string_buffer(b"lo".ljust(16, b"\0") + (0x1 | 0x8 | 0x40).to_bytes(2, sys.byteorder), 40)
            check(libc.ioctl(probe.fileno(), 0x8914, request), "bring up loopback")
        finally:
            probe.close()
    class CapHeader(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]
    class CapData(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]
    class Program(ctypes.Structure):  # struct sock_fprog
        _fields_ = [("length", ctypes.c_ushort), ("filter", ctypes.c_void_p)]
    # Kernel keyrings are not a namespace: the program gets ENOSYS for add_key, request_key and keyctl
    # (see keyring-filter.ts). Built once: what a run's pid 1 allocates, it copies from the zygote page
    # by page.
    keyring_steps = ctypes.create_string_buffer(keyring_program, len(keyring_program))
    keyring_filter = Program(len(keyring_program) // 8, ctypes.cast(keyring_steps, ctypes.c_void_p))
    def refuse_keyrings():
        check(libc.prctl(22, 2, ctypes.byref(keyring_filter), 0, 0), "seccomp")  # PR_SET_SECCOMP, FILTER
    no_capabilities = (CapHeader(0x20080522, 0), (CapData * 2)())
    def drop_capabilities():
        for capability in (21, 12, 8):  # CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SETPCAP: the bounding set empties
            check(libc.prctl(24, capability, 0, 0, 0), "drop capability %d" % capability)  # PR_CAPBSET_DROP
        libc.prctl(47, 4, 0, 0, 0)  # PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL
        check(libc.capset(ctypes.byref(no_capabilities[0]), no_capabilities[1]), "capset")
    # Once, in a mount namespace of the zygote's own (bwrap's belongs to the user namespace outside
    # --disable-userns's, where the zygote has no capabilities; its mounts come in locked): the tree is
    # private (no run's mount reaches another), and /dev, bwrap's tmpfs, is read-only.
    check(libc.unshare(0x00020000 | 0x40000000), "unshare the zygote's mount and network namespaces")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount(None, "/dev", None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    # The network: loopback only, the zygote's own, shared by its runs one after another (a network
    # namespace per run cost 4 ms of CPU a run to bring loopback up, a third of a trivial run). Nothing a
    # run leaves in it outlives its processes but TIME_WAIT, which would keep a port from the next run's
    # bind() for a minute; with no TIME_WAIT buckets the kernel closes such connections at once. The
    # sysctl is this namespace's, written from a child with a /proc of its own (the zygote's is bwrap's).
    loopback_up()
    helper = libc.syscall(clone, ctypes.c_ulong(0x00020000 | 0x20000000 | SIGCHLD), None, None, None, None)
    if helper == 0:
        try:
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            with open("/proc/sys/net/ipv4/tcp_max_tw_buckets", "w") as setting:
                setting.write("0")
        except BaseException as error:
            os.write(2, ("zygote: %s\n" % (error,)).encode())
            os._exit(1)
        os._exit(0)
    if helper < 0 or os.waitpid(helper, 0)[1] != 0:
        raise SystemExit("zygote: could not turn TIME_WAIT off in its network namespace")
    # fd 3 (bwrap's status) is closed: keep its number taken, so no received pipe lands below ${readyFd}.
    os.closerange(3, ${readyFd})
    os.open("/dev/null", os.O_RDONLY)
    sock = _socket.socket(fileno=${zygoteSocketFd})
    # What bwrap bound inside the scratch folders (an interpreter's plotting files in /tmp): each run's
    # fresh tmpfs would hide them, so each run binds them again, read-only, from the zygote's copies.
    scratch_folders = ("${workDirectory}", "/tmp", "/dev/shm")
    inside = []
    with open("/proc/self/mountinfo", "rb") as table:
        for line in table.read().decode("utf-8", "surrogateescape").splitlines():
            point = line.split(" ")[4].replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")
            if any(point.startswith(folder + "/") for folder in scratch_folders):
                inside.append((point.count("/"), point, os.stat(point).st_mode & 0o170000 == 0o040000))
    inside = [(point, folder) for depth, point, folder in sorted(inside)]
    def make_path(point, folder):
        parts = point.split("/")
        for end in range(2, len(parts)):
            try:
                os.mkdir("/".join(parts[:end]))
            except FileExistsError:
                pass
        if folder:
            os.mkdir(point)
        else:
            os.close(os.open(point, os.O_WRONLY | os.O_CREAT, 0o644))
    def run_child(ident, pipes):
        try:
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: the run dies with the zygote
            # The zygote's wake-up pipe is closed below; Python would go on writing signals to its number.
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            sock.send(b"P" + ident)
            sock.close()
            kept = [(point, folder, os.open(point, os.O_PATH)) for point, folder in inside]
            for target in scratch_folders:
                mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=%d" % scratch)
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            for part in ("sys", "sysrq-trigger", "irq", "bus"):
                read_only("/proc/" + part)
            for point, folder, fd in kept:
                make_path(point, folder)
                mount("/proc/self/fd/%d" % fd, point, None, MS_BIND)
                mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
                os.close(fd)
            drop_capabilities()
            refuse_keyrings()
            for pipe, target in zip(pipes, (0, 1, 2, ${readyFd})):
                os.dup2(pipe, target)
            os.closerange(3, ${readyFd})
            os.closerange(${readyFd} + 1, 1024)
        except BaseException as error:
            try:
                os.write(pipes[2], ("sandbox setup failed: %s\n" % (error,)).encode())
            finally:
                os._exit(71)
        # Not traceable by the program, from before it exists; the program's own process is again.
        libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE
        # The kernel delivers a signal from inside the namespace to its pid 1 only where it has a
        # handler, and Python has one for SIGINT: ignored from before the program exists, so that it
        # cannot end its pid 1 early; the program gets Python's own handler back.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        program = os.fork()
        if program == 0:
            signal.signal(signal.SIGINT, signal.default_int_handler)
            libc.prctl(4, 1, 0, 0, 0)
            os.setsid()
            os.chdir("${workDirectory}")
            # RLIMIT_NPROC counts every process of the user namespace: the zygote and this run's pid 1
            # are two the program would not have under a bwrap of its own.
            sys.argv[4] = str(int(sys.argv[4]) + 2)
            # RLIMIT_AS counts the address space the program inherits from the zygote beyond what a new
            # interpreter has at its start (ctypes, sockets, the zygote's heap, the warm-up's): not the
            # program's either. The heap it inherits also grows less tidily than a new one (matplotlib
            # showing three figures peaked 0.7 MiB past the measured difference): 4 MiB more covers that.
            _qb_warm_up()
            sys.argv[3] = str(int(sys.argv[3]) + max(0, address_space() - fresh_space) + (4 << 20))
            _qb_main()
            os._exit(70)
        for fd in (0, 1, 2, ${readyFd}):
            os.close(fd)
        while True:
            try:
                pid, status = os.waitpid(-1, 0)
            except ChildProcessError:
                os._exit(70)
            if pid == program:
                os._exit(128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status))
    def start_run(ident, pipes):
        pid = libc.syscall(clone, ctypes.c_ulong(NEW_NAMESPACES | SIGCHLD), None, None, None, None)
        if pid == 0:
            run_child(ident, pipes)
        for pipe in pipes:
            os.close(pipe)
        if pid < 0:
            sock.send(b"F" + ident + os.strerror(ctypes.get_errno()).encode())
        else:
            runs[pid] = ident
    runs = {}
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    poller = select.poll()
    poller.register(sock.fileno(), select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    fresh_space = fresh_address_space()
    # Everything the zygote made stays out of the collector's sweeps in its runs: a sweep would touch,
    # and so copy, every page of the heap they share with it.
    import gc
    gc.collect()
    gc.freeze()
    os.write(${readyFd}, b"Z")
    while True:
        for fd, mask in poller.poll():
            if fd == wake_r:
                try:
                    while os.read(wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
                while runs:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    ident = runs.pop(pid, None)
                    if ident is not None:
                        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                        sock.send(b"X" + ident + str(code).encode())
                continue
            message, ancillary, flags, address = sock.recvmsg(64, _socket.CMSG_SPACE(4 * 4))
            if not message:
                os._exit(0)
            pipes = []
            for level, kind, data in ancillary:
                if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                    pipes += [int.from_bytes(data[at:at + 4], sys.byteorder) for at in range(0, len(data) - 3, 4)]
            if message[:1] == b"R" and len(message) == 5 and len(pipes) == 4:
                start_run(message[1:5], pipes)
            else:
                for pipe in pipes:
                    os.close(pipe)
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
_qb_zygote()
`}`;
