import { seccompFd, zygoteSocketFd } from "./sandbox-command.js";

/**
 * The sandbox launcher: one small, long-lived Python process per interpreter that starts every bwrap
 * for the runner (see launcher.ts for why). `python -I -S -c LAUNCHER [uid gid]`; with uid and gid and
 * run as root, it drops to that user before it takes any request, so every bwrap it starts is that
 * user's, as a bwrap spawned by Node with `uid`/`gid` was.
 *
 * Frames both ways: a kind byte, a 4-byte id, a 4-byte payload length (big-endian), the payload.
 * From the runner: `S` start (the length of a seccomp program as 4 bytes, the program, then file and
 * arguments, NUL-separated), `Z` start a zygote (as `S`, with a SOCK_SEQPACKET socket to it on fd 5;
 * see zygote-source.ts), `Y` fork a run in a zygote (the zygote's id, in decimal), `W` stdin data,
 * `E` end of stdin, `K` kill (the signal's number).
 * To the runner: `R` launcher ready (id 0), `P` started (its pid; a zygote's run: its program process's),
 * `F` could not start (why), `D` output (the fd's number, then the bytes; for a zygote's run, fd 3
 * carries the `{ "child-pid": N }` that bwrap would have written), `X` exited (the exit code,
 * or minus the signal's number) once it is reaped and its pipes are closed (so whatever it ran, which
 * holds them, has ended too), after which no frame of that id follows.
 *
 * Children get fds 0 to 4 as pipes, an empty environment, cwd `/` and default signal dispositions;
 * one started with a seccomp program gets it on fd 6, a pipe that holds all of it and whose write end
 * is closed, which bwrap reads to its end (`--seccomp`). What a child wrote to fds 1 and 2 before it wrote to fd 4 is sent before that (the runner's end
 * report relies on it; see PythonSandbox.run). When the runner goes (stdin closes), the launcher
 * kills its children and leaves; they also have `--die-with-parent`. Only built-in modules and
 * `select` are used, all imported before the drop.
 */
export const launcherSource = String.raw`
import os, sys, signal, select, socket
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
    readers, writers, by_pid, zygotes, out = {}, {}, {}, {}, []
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
            if kid["code"] is not None and not kid["fds"]:
                finish(kid)
    def finish(kid):
        # Reaped, and its pipes closed: whatever the sandbox ran is gone too, as with Node's "close".
        if kids.pop(kid["id"], None) is None:
            return
        close_stdin(kid)
        if kid["zygote"] is not None:
            kid["zygote"]["runs"].pop(kid["id"], None)
        send(b"X", kid["id"], str(kid["code"]).encode())
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
    def new_kid(ident, pid, stdin, outputs, zygote=None):
        # outputs: (read end, the fd's number in the child) for each output pipe.
        kid = {"id": ident, "pid": pid, "stdin": stdin, "buffer": b"", "ending": False, "fds": {},
               "code": None, "zygote": zygote, "kill": None, "socket": None, "runs": {}}
        os.set_blocking(stdin, False)
        for fd, n in outputs:
            os.set_blocking(fd, False)
            kid["fds"][fd] = n
            readers[fd] = kid
            poller.register(fd, select.POLLIN)
        kids[ident] = kid
        return kid
    def seccomp_pipe(program):
        # A program is at most 4096 instructions of 8 bytes (BPF_MAXINSNS): one write fills the new
        # pipe (64 KiB) without blocking, and with its write end closed the reader gets all of it.
        reader, writer = os.pipe()
        try:
            os.write(writer, program)
        finally:
            os.close(writer)
        return reader
    def start(ident, payload, zygote):
        size = int.from_bytes(payload[:4], "big")
        seccomp, argv = payload[4:4 + size], payload[4 + size:].split(b"\0")
        pipes = [os.pipe() for _ in range(5)]
        actions = [(os.POSIX_SPAWN_DUP2, pipes[0][0], 0)]
        actions += [(os.POSIX_SPAWN_DUP2, pipes[n][1], n) for n in range(1, 5)]
        program = seccomp_pipe(seccomp) if seccomp else None
        if program is not None:
            actions.append((os.POSIX_SPAWN_DUP2, program, ${seccompFd}))
        pair = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET) if zygote else None
        if pair is not None:
            # The kernel names each run's sender as this process sees it: the run's pid on the host.
            pair[0].setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
            actions.append((os.POSIX_SPAWN_DUP2, pair[1].fileno(), ${zygoteSocketFd}))
        try:
            pid = os.posix_spawn(argv[0], argv, {}, file_actions=actions, setsigdef=defaults)
        except OSError as error:
            for ends in pipes:
                os.close(ends[0])
                os.close(ends[1])
            if pair is not None:
                pair[0].close()
                pair[1].close()
            send(b"F", ident, str(error).encode())
            return
        finally:
            if program is not None:
                os.close(program)
        os.close(pipes[0][0])
        for n in range(1, 5):
            os.close(pipes[n][1])
        kid = new_kid(ident, pid, pipes[0][1], [(pipes[n][0], n) for n in range(1, 5)])
        by_pid[pid] = kid
        if pair is not None:
            pair[1].close()
            pair[0].setblocking(False)
            kid["socket"] = pair[0]
            zygotes[pair[0].fileno()] = kid
            poller.register(pair[0].fileno(), select.POLLIN)
        send(b"P", ident, str(pid).encode())
    def fork_run(ident, payload):
        # A run of a zygote (zygote-source.ts): its stdin, stdout, stderr and report pipes go to the
        # zygote; the run's pid, its exit and any failure come back on the zygote's socket.
        zygote = kids.get(int(payload or b"0"))
        if zygote is None or zygote["socket"] is None or zygote["code"] is not None:
            send(b"F", ident, b"the zygote is not running")
            return
        pipes = [os.pipe() for _ in range(4)]
        given = [pipes[0][0]] + [pipes[n][1] for n in range(1, 4)]
        try:
            rights = b"".join(fd.to_bytes(4, sys.byteorder) for fd in given)
            zygote["socket"].sendmsg([b"R" + ident.to_bytes(4, "big")],
                                     [(socket.SOL_SOCKET, socket.SCM_RIGHTS, rights)])
        except OSError as error:
            for ends in pipes:
                os.close(ends[0])
                os.close(ends[1])
            send(b"F", ident, ("the zygote did not take the run: %s" % error).encode())
            return
        for fd in given:
            os.close(fd)
        kid = new_kid(ident, None, pipes[0][1], [(pipes[n][0], n) for n in (1, 2)] + [(pipes[3][0], 4)],
                      zygote)
        zygote["runs"][ident] = kid
    def run_ended(kid, code):
        if kid["code"] is not None:
            return
        kid["code"] = code
        close_stdin(kid)
        for fd in list(kid["fds"]):
            read_from(fd, 8)
        if not kid["fds"]:
            finish(kid)
    def zygote_said(zygote):
        while True:
            try:
                message, ancillary, flags, address = zygote["socket"].recvmsg(256, socket.CMSG_SPACE(12))
            except BlockingIOError:
                return
            except OSError:
                message = b""
            if not message:
                # The zygote is gone; its runs die with it (PR_SET_PDEATHSIG) and close their pipes.
                poller.unregister(zygote["socket"].fileno())
                del zygotes[zygote["socket"].fileno()]
                zygote["socket"].close()
                zygote["socket"] = None
                for kid in list(zygote["runs"].values()):
                    run_ended(kid, -signal.SIGKILL)
                return
            kid = zygote["runs"].get(int.from_bytes(message[1:5], "big"))
            if kid is None:
                continue
            kind = message[:1]
            if kind == b"P":
                for level, what, data in ancillary:
                    if level == socket.SOL_SOCKET and what == socket.SCM_CREDENTIALS:
                        kid["pid"] = int.from_bytes(data[:4], sys.byteorder)
                if kid["pid"] is None:
                    continue
                send(b"P", kid["id"], str(kid["pid"]).encode())
                # What bwrap says on its status fd, so that the runner finds the run's process the same way.
                send(b"D", kid["id"], b"\x03" + b'{ "child-pid": %d }\n' % kid["pid"])
                if kid["kill"] is not None:
                    kill(kid, kid["kill"])
            elif kind == b"X":
                run_ended(kid, int(message[5:]))
            elif kind == b"F":
                run_ended(kid, 71)
                send(b"D", kid["id"], b"\x02" + message[5:])
    def kill(kid, number):
        if kid["pid"] is None:
            kid["kill"] = number
            return
        try:
            os.kill(kid["pid"], number)
        except OSError:
            pass
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
            run_ended(kid, exit_code(status))
    def request(kind, ident, payload):
        kid = kids.get(ident)
        if kind == b"S" or kind == b"Z":
            start(ident, payload, kind == b"Z")
        elif kind == b"Y":
            fork_run(ident, payload)
        elif kid is None:
            return
        elif kind == b"W":
            kid["buffer"] += payload
            write_stdin(kid)
        elif kind == b"E":
            kid["ending"] = True
            write_stdin(kid)
        elif kind == b"K" and kid["code"] is None:
            kill(kid, int(payload))
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
            elif fd in zygotes:
                zygote_said(zygotes[fd])
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
    for kid in [kid for kid in kids.values() if kid["code"] is None and kid["pid"] is not None]:
        try:
            os.kill(kid["pid"], signal.SIGKILL)
        except OSError:
            pass
`;
