import { bootstrapDefinitions } from "./bootstrap.js";
import { keyringFiltersInPython } from "./keyring-filter.js";
import { readyFd, workDirectory, zygoteSocketFd } from "./sandbox-command.js";
import { zygoteRunHelpers } from "./zygote-run-helpers.js";

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
 * The zygote's one slot: an init, cloned at its first run into new pid, mount and IPC namespaces (a raw
 * clone(2): pid 1 of its own pid namespace), which mounts a /proc of its own (with /proc/sys and friends
 * read-only, as bwrap does) and then serves the zygote's runs, one at a time (see ZygotePool). Each run,
 * on the launcher's `R` + run id with the run's four pipe ends (stdin, stdout, stderr and the report fd)
 * as SCM_RIGHTS, which the zygote passes on to its init:
 * - the init mounts a fresh tmpfs on the working directory, /tmp and /dev/shm (the last run's go),
 *   sets the namespace's pid counter back, and forks the program's process, pid 2 as under bwrap;
 * - that process takes an IPC namespace of its own, says `P` + id on the launcher's socket (the kernel
 *   attaches its pid as the launcher sees it, which is what the runner kills, watches and puts in a
 *   cgroup), drops every capability, starts a session of its own and runs the bootstrap's hand-over
 *   (bootstrap.ts);
 * - the init waits for it, reaping orphans meanwhile, kills and reaps whatever it left (as the kernel
 *   would on its pid 1's end), and says `X` + id + its status (128 + N for a signal, as bwrap reports it),
 *   which the zygote passes on.
 * Keeping the init saves every run a pid, mount and IPC namespace's set-up and teardown (see the README's
 * performance notes for what that is worth). A set-up that fails writes why on the run's stderr and ends the init with 71 before
 * any program runs; the next run gets a new init. Every run sees only its own processes, files and IPC
 * objects; the runs of one zygote share its read-only root, its user namespace, its hostname and its
 * loopback-only network, where nothing of a run outlives its processes, and their init, whose own CPU
 * time (in /proc/1/stat) counts the runs before.
 *
 * The zygote never runs a program and never reads one: programs go straight from the launcher's pipes to
 * the program's process. It leaves when the launcher closes the socket; its init, and so the run, die with
 * it (PR_SET_PDEATHSIG). A program finds the few modules the zygote imported for itself (ctypes, os,
 * struct, select, _socket) already imported, and its address-space limit is raised by what it inherits
 * beyond a new interpreter's, so that it has the room it would have had.
 */
export const zygoteSource = `${bootstrapDefinitions}${zygoteRunHelpers}${String.raw`
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
    MNT_DETACH = 2
    def fresh_scratch(kept, first):
        # The last run's tmpfs (and the plotting files bound into it) go, a new one comes: the slot's
        # own mounts, never bwrap's, which are locked in this namespace and stay beneath.
        for target in scratch_folders:
            if not first:
                check(libc.umount2(target.encode(), MNT_DETACH), "unmount " + target)
            mount("tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777,size=%d" % scratch)
        for point, folder, fd in kept:
            make_path(point, folder)
            mount("/proc/self/fd/%d" % fd, point, None, MS_BIND)
            mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV)
    def become_program(ident, pipes, channel):
        # The program's process, forked by the init. Its frames sit on the zygote's and the init's, which
        # hold no try blocks: a SystemExit at the program's end (or in a process it forks) unwinds to the
        # top and ends the interpreter as in any Python program, atexit handlers and all.
        try:
            # System V IPC objects outlive their processes: each run gets a namespace of its own.
            check(libc.unshare(0x08000000), "unshare the IPC namespace")
            sock.send(b"P" + ident)
            sock.close()
            channel.close()
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
        signal.signal(signal.SIGINT, signal.default_int_handler)
        libc.prctl(4, 1, 0, 0, 0)  # PR_SET_DUMPABLE: the program's own process is traceable by itself again
        os.setsid()
        os.chdir("${workDirectory}")
        # RLIMIT_NPROC counts every process of the user namespace: the zygote and the slot's init are
        # two the program would not have under a bwrap of its own.
        sys.argv[4] = str(int(sys.argv[4]) + 2)
        # RLIMIT_AS counts the address space the program inherits from the zygote beyond what a new
        # interpreter has at its start (ctypes, sockets, the zygote's heap, the warm-up's): not the
        # program's either. The heap it inherits also grows less tidily than a new one (matplotlib
        # showing three figures peaked 0.7 MiB past the measured difference): 4 MiB more covers that.
        _qb_warm_up()
        sys.argv[3] = str(int(sys.argv[3]) + max(0, address_space() - fresh_space) + (4 << 20))
        _qb_main()
        os._exit(70)
    def run_once(ident, pipes, channel, kept, last_pid, first):
        # The program's status, or None where the run's sandbox could not be set up (why is on its stderr).
        try:
            fresh_scratch(kept, first)
            # Pids count up in a namespace: back to the start, so that the program is pid 2 as under a
            # bwrap of its own, and no run learns how many processes the ones before it made.
            os.pwrite(last_pid, b"1", 0)
            program = os.fork()
        except OSError as error:
            os.write(pipes[2], ("sandbox setup failed: %s\n" % (error,)).encode())
            program = None
        if program == 0:
            become_program(ident, pipes, channel)
        for pipe in pipes:
            os.close(pipe)
        if program is None:
            return None
        code = 70
        while True:
            pid, status = os.waitpid(-1, 0)
            if pid == program:
                code = 128 + os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
                break
        # What the program left (a daemon, a fork bomb's rest) dies with it, as it would with its pid 1:
        # a process with SIGKILL pending cannot fork, so this ends once every one is reaped.
        while True:
            try:
                os.kill(-1, signal.SIGKILL)
                os.waitpid(-1, 0)
            except (ChildProcessError, ProcessLookupError):  # none left to kill, or to reap
                return code
    def slot_init(channel, inherited):
        # The slot's init: pid 1 of a pid, mount and IPC namespace of its own, for every run of this
        # zygote, one at a time. It never runs a program: it forks each from itself, reaps it, and
        # kills whatever the program left.
        try:
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: the slot dies with the zygote
            # The zygote's wake-up pipe is not the init's; Python would go on writing signals to its number.
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            # The kernel delivers a signal from inside the namespace to its pid 1 only where it has a
            # handler, and Python has one for SIGINT: ignored, so that no program can end the slot.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            libc.prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE: not traceable, and its /proc entries stay closed
            kept = [(point, folder, os.open(point, os.O_PATH)) for point, folder in inside]
            mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
            # Opened before /proc/sys turns read-only: the init resets the namespace's pid counter through it.
            last_pid = os.open("/proc/sys/kernel/ns_last_pid", os.O_WRONLY)
            for part in ("sys", "sysrq-trigger", "irq", "bus"):
                read_only("/proc/" + part)
        except BaseException as error:
            try:
                os.write(inherited[2], ("sandbox setup failed: %s\n" % (error,)).encode())
            finally:
                os._exit(71)
        # What it inherited from the zygote and needs no more: the first run's pipes (they come again on
        # the channel; a copy kept here would hold the run's output open), the zygote's wake-up pipe and
        # its ready pipe (whose number stays taken, so that no received pipe lands below it).
        keep = {0, 1, 2, 3, sock.fileno(), channel.fileno(), last_pid} | {fd for point, folder, fd in kept}
        for fd in [int(entry) for entry in os.listdir("/proc/self/fd")]:
            if fd not in keep:
                try:
                    os.close(fd)
                except OSError:
                    pass
        os.dup2(3, ${readyFd})
        first = True
        while True:
            message, ancillary, flags, address = channel.recvmsg(64, _socket.CMSG_SPACE(4 * 4))
            if not message:
                os._exit(0)
            pipes = received_fds(ancillary)
            code = run_once(message[1:5], pipes, channel, kept, last_pid, first)
            if code is None:
                channel.send(b"X" + message[1:5] + b"71")
                os._exit(71)
            first = False
            channel.send(b"X" + message[1:5] + str(code).encode())
    def received_fds(ancillary):
        fds = []
        for level, kind, data in ancillary:
            if level == _socket.SOL_SOCKET and kind == _socket.SCM_RIGHTS:
                fds += [int.from_bytes(data[at:at + 4], sys.byteorder) for at in range(0, len(data) - 3, 4)]
        return fds
    # The zygote's side: at most one init, and at most one run in it (the pool sends one at a time).
    slot = {"pid": None, "channel": None, "run": None, "polled": False}
    def start_init(pipes):
        zygote_end, init_end = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_SEQPACKET)
        pid = libc.syscall(clone, ctypes.c_ulong(NEW_NAMESPACES | SIGCHLD), None, None, None, None)
        if pid == 0:
            zygote_end.close()
            slot_init(init_end, pipes)
        init_end.close()
        if pid < 0:
            zygote_end.close()
            return False
        slot["pid"], slot["channel"], slot["polled"] = pid, zygote_end, True
        poller.register(zygote_end.fileno(), select.POLLIN)
        return True
    def start_run(ident, pipes):
        # No try around start_init: the init and its programs return through here (see become_program).
        failure = None if slot["pid"] is not None or start_init(pipes) else os.strerror(ctypes.get_errno())
        if failure is None:
            try:
                slot["channel"].sendmsg([b"R" + ident], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, b"".join(
                    pipe.to_bytes(4, sys.byteorder) for pipe in pipes))])
                slot["run"] = ident
            except OSError as error:
                failure = str(error)
        for pipe in pipes:
            os.close(pipe)
        if failure is not None:
            sock.send(b"F" + ident + failure.encode())
    def init_said():
        # The init says X + run + its code once a run's processes are all gone; the launcher hears it as is.
        try:
            message = slot["channel"].recv(64)
        except OSError:
            message = b""
        if not message:
            # The init is gone; its exit, reaped on SIGCHLD, ends its run. Until then, nothing to poll here.
            poller.unregister(slot["channel"].fileno())
            slot["polled"] = False
            return False
        if message[:1] == b"X" and message[1:5] == slot["run"]:
            slot["run"] = None
            sock.send(message)
        return True
    def init_ended(status):
        # An init that is gone (killed from the host, or a set-up that failed) ends its run, if it had one:
        # with what it said first, if it said it.
        while slot["polled"] and slot["run"] is not None and select.select([slot["channel"]], [], [], 0)[0]:
            if not init_said():
                break
        if slot["polled"]:
            poller.unregister(slot["channel"].fileno())
        slot["channel"].close()
        if slot["run"] is not None:
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            sock.send(b"X" + slot["run"] + str(code).encode())
        slot["pid"], slot["channel"], slot["run"], slot["polled"] = None, None, None, False
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
                while True:
                    try:
                        pid, status = os.waitpid(-1, os.WNOHANG)
                    except ChildProcessError:
                        break
                    if pid == 0:
                        break
                    if pid == slot["pid"]:
                        init_ended(status)
                continue
            if slot["polled"] and fd == slot["channel"].fileno():
                init_said()
                continue
            if fd != sock.fileno():
                continue  # the channel of an init that ended earlier in this round
            message, ancillary, flags, address = sock.recvmsg(64, _socket.CMSG_SPACE(4 * 4))
            if not message:
                os._exit(0)
            pipes = received_fds(ancillary)
            if message[:1] == b"R" and len(message) == 5 and len(pipes) == 4:
                start_run(message[1:5], pipes)
            else:
                for pipe in pipes:
                    os.close(pipe)
_qb_zygote()
`}`;
