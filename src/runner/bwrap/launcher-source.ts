/**
 * The sandbox launcher: one small, long-lived Python process per interpreter that starts every bwrap
 * for the runner (see launcher.ts for why). `python -I -S -c LAUNCHER [uid gid]`; with uid and gid and
 * run as root, it drops to that user before it takes any request, so every bwrap it starts is that
 * user's, as a bwrap spawned by Node with `uid`/`gid` was.
 *
 * Frames both ways: a kind byte, a 4-byte id, a 4-byte payload length (big-endian), the payload.
 * From the runner: `S` start (file and arguments, NUL-separated), `W` stdin data, `E` end of stdin,
 * `K` kill (the signal's number). To the runner: `R` launcher ready (id 0), `P` started (its pid),
 * `F` could not start (why), `D` output (the fd's number, then the bytes), `X` exited (the exit code,
 * or minus the signal's number) once it is reaped and its pipes are closed (so whatever it ran, which
 * holds them, has ended too), after which no frame of that id follows.
 *
 * Children get fds 0 to 4 as pipes, an empty environment, cwd `/` and default signal dispositions.
 * What a child wrote to fds 1 and 2 before it wrote to fd 4 is sent before that (the runner's end
 * report relies on it; see PythonSandbox.run). When the runner goes (stdin closes), the launcher
 * kills its children and leaves; they also have `--die-with-parent`. Only built-in modules and
 * `select` are used, all imported before the drop.
 */
export const launcherSource = String.raw`
import os, sys, signal, select
kids = {}
def exit_code(status):
    # os.waitstatus_to_exitcode is 3.9's; the launcher runs on every offered interpreter, 3.8 too.
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
def main():
    if len(sys.argv) > 2 and os.getuid() == 0:
        os.setgroups([])
        os.setgid(int(sys.argv[2]))
        os.setuid(int(sys.argv[1]))
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    os.set_blocking(0, False)
    poller = select.poll()
    poller.register(0, select.POLLIN)
    poller.register(wake_r, select.POLLIN)
    readers, writers, by_pid, out = {}, {}, {}, []
    defaults = (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGCHLD)
    def send(kind, ident, payload=b""):
        out.append(kind + ident.to_bytes(4, "big") + len(payload).to_bytes(4, "big") + payload)
    def flush():
        data = b"".join(out)
        out.clear()
        while data:
            data = data[os.write(1, data):]
    def close_reader(fd):
        kid = readers.pop(fd, None)
        if kid is not None:
            poller.unregister(fd)
            os.close(fd)
            kid["fds"].pop(fd, None)
            if kid["status"] is not None and not kid["fds"]:
                finish(kid)
    def finish(kid):
        # Reaped, and its pipes closed: whatever the sandbox ran is gone too, as with Node's "close".
        if kids.pop(kid["id"], None) is None:
            return
        close_stdin(kid)
        send(b"X", kid["id"], str(exit_code(kid["status"])).encode())
    def read_from(fd, times):
        kid = readers.get(fd)
        while kid is not None and times > 0:
            times -= 1
            try:
                data = os.read(fd, 1 << 17)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                close_reader(fd)
                return
            send(b"D", kid["id"], bytes([kid["fds"][fd]]) + data)
    def close_stdin(kid):
        fd = kid["stdin"]
        if fd is not None:
            kid["stdin"] = None
            if writers.pop(fd, None) is not None:
                poller.unregister(fd)
            os.close(fd)
    def write_stdin(kid):
        fd = kid["stdin"]
        if fd is None:
            kid["buffer"] = b""
            return
        try:
            while kid["buffer"]:
                kid["buffer"] = kid["buffer"][os.write(fd, kid["buffer"][:1 << 16]):]
        except BlockingIOError:
            if fd not in writers:
                writers[fd] = kid
                poller.register(fd, select.POLLOUT)
            return
        except OSError:
            kid["buffer"] = b""
            close_stdin(kid)
            return
        if writers.pop(fd, None) is not None:
            poller.unregister(fd)
        if kid["ending"]:
            close_stdin(kid)
    def start(ident, payload):
        argv = payload.split(b"\0")
        pipes = [os.pipe() for _ in range(5)]
        actions = [(os.POSIX_SPAWN_DUP2, pipes[0][0], 0)]
        actions += [(os.POSIX_SPAWN_DUP2, pipes[n][1], n) for n in range(1, 5)]
        try:
            pid = os.posix_spawn(argv[0], argv, {}, file_actions=actions, setsigdef=defaults)
        except OSError as error:
            for pair in pipes:
                os.close(pair[0])
                os.close(pair[1])
            send(b"F", ident, str(error).encode())
            return
        os.close(pipes[0][0])
        kid = {"id": ident, "pid": pid, "stdin": pipes[0][1], "buffer": b"", "ending": False, "fds": {},
               "status": None}
        os.set_blocking(pipes[0][1], False)
        for n in range(1, 5):
            os.close(pipes[n][1])
            fd = pipes[n][0]
            os.set_blocking(fd, False)
            kid["fds"][fd] = n
            readers[fd] = kid
            poller.register(fd, select.POLLIN)
        kids[ident] = kid
        by_pid[pid] = kid
        send(b"P", ident, str(pid).encode())
    def reap():
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            kid = by_pid.pop(pid, None)
            if kid is None:
                continue
            kid["status"] = status
            close_stdin(kid)
            for fd in list(kid["fds"]):
                read_from(fd, 8)
            if not kid["fds"]:
                finish(kid)
    def request(kind, ident, payload):
        kid = kids.get(ident)
        if kind == b"S":
            start(ident, payload)
        elif kid is None:
            return
        elif kind == b"W":
            kid["buffer"] += payload
            write_stdin(kid)
        elif kind == b"E":
            kid["ending"] = True
            write_stdin(kid)
        elif kind == b"K" and kid["status"] is None:
            try:
                os.kill(kid["pid"], int(payload))
            except OSError:
                pass
    pending = b""
    send(b"R", 0)
    flush()
    while True:
        events = poller.poll()
        # A child's fd 4 after its fds 1 and 2: what it printed before its end report goes first.
        events.sort(key=lambda event: readers[event[0]]["fds"][event[0]] if event[0] in readers else 0)
        for fd, mask in events:
            if fd == 0:
                try:
                    data = os.read(0, 1 << 16)
                except BlockingIOError:
                    continue
                if not data:
                    return
                pending += data
                while len(pending) >= 9:
                    size = int.from_bytes(pending[5:9], "big")
                    if len(pending) < 9 + size:
                        break
                    request(pending[:1], int.from_bytes(pending[1:5], "big"), pending[9:9 + size])
                    pending = pending[9 + size:]
            elif fd == wake_r:
                try:
                    while os.read(wake_r, 512):
                        pass
                except BlockingIOError:
                    pass
                reap()
            elif fd in writers:
                write_stdin(writers[fd])
            elif fd in readers:
                if readers[fd]["fds"][fd] == 4:
                    for other in [other for other, n in readers[fd]["fds"].items() if n in (1, 2)]:
                        read_from(other, 4)
                read_from(fd, 4)
        flush()
try:
    main()
finally:
    for kid in [kid for kid in kids.values() if kid["status"] is None]:
        try:
            os.kill(kid["pid"], signal.SIGKILL)
        except OSError:
            pass
`;
