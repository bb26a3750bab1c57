import { type ChildProcess, spawn } from "node:child_process";
import { EventEmitter } from "node:events";
import { constants } from "node:os";
import type { SandboxCommand } from "./sandbox-command.js";

/**
 * Starts bwrap processes through the launcher (launcher-source.ts) instead of Node's `spawn`.
 *
 * Why: `spawn` forks the whole bot and blocks its event loop until the child has exec'd: 4 ms of a
 * cold run on a quiet machine, and with two runs at a time the bot's one thread spent most of its
 * time there (bench/runner.ts throughput, profiled with --cpu-prof). The launcher is a small Python
 * process whose `posix_spawn` (vfork) costs a tenth of that, away from the event loop; the runner
 * sends it a frame and gets the child's output back as frames on one pipe. Where the layout needs the
 * staging namespace, the launcher lives in it (entered once through nsenter), so that no sandbox
 * needs an nsenter of its own either.
 *
 * A `LaunchedProcess` offers the part of ChildProcess the sandbox uses. If the launcher dies, its
 * children die with it (`--die-with-parent`) and are reported as killed; the next start brings up a
 * new launcher.
 */
export class SandboxLauncher {
  readonly #command: SandboxCommand;
  #process: LauncherProcess | undefined;
  #nextId = 1;

  constructor(command: SandboxCommand) {
    this.#command = command;
  }

  /** Starts the launcher now and resolves once it takes requests (rejects if it cannot start). */
  async started(): Promise<void> {
    await this.#current().ready;
  }

  start(command: SandboxCommand): LaunchedProcess {
    const launched = this.#next();
    launched.begin("S", command);
    return launched;
  }

  /** Starts a zygote (zygote-source.ts): a process like any other, with the socket its runs go through. */
  startZygote(command: SandboxCommand): LaunchedProcess {
    const launched = this.#next();
    launched.begin("Z", command);
    return launched;
  }

  /**
   * Forks one run in `zygote`. Its frames are those of a started process: the pid of the run's program
   * process as its pid (also on fd 3, as bwrap reports its child's), its output, and its exit once
   * everything the run left is gone; an error when the zygote is gone.
   */
  startInZygote(zygote: LaunchedProcess): LaunchedProcess {
    const launched = this.#next();
    if (!zygote.belongsTo(this.#process)) {
      launched.refuse("the zygote's launcher is gone");
      return launched;
    }
    launched.beginRun(zygote);
    return launched;
  }

  #next(): LaunchedProcess {
    const launched = new LaunchedProcess(this.#current(), this.#nextId);
    this.#nextId = this.#nextId >= 0x7fff_fffe ? 1 : this.#nextId + 1;
    return launched;
  }

  /** Ends the launcher (its children with it); resolves once it has exited. */
  async close(): Promise<void> {
    await this.#process?.close();
  }

  #current(): LauncherProcess {
    if (!this.#process?.alive) this.#process = new LauncherProcess(this.#command);
    return this.#process;
  }
}

class LauncherProcess {
  readonly #child: ChildProcess;
  readonly #children = new Map<number, LaunchedProcess>();
  readonly ready: Promise<void>;
  readonly #exited: Promise<void>;
  #pending = Buffer.alloc(0);
  readonly #outgoing: Buffer[] = [];
  #flushQueued = false;
  #stderr = "";
  alive = true;

  constructor(command: SandboxCommand) {
    this.#child = spawn(command.file, [...command.args], {
      stdio: ["pipe", "pipe", "pipe"],
      env: {},
      cwd: "/",
      ...(command.user ?? {}),
    });
    this.#child.stdin?.on("error", () => {});
    this.#child.stderr?.on("data", (chunk: Buffer) => {
      if (this.#stderr.length < 2000) this.#stderr += chunk.toString("utf8");
    });
    let readyNow: () => void = () => {};
    let failed: (error: Error) => void = () => {};
    this.ready = new Promise((resolve, reject) => {
      readyNow = resolve;
      failed = reject;
    });
    this.ready.catch(() => {});
    this.#exited = new Promise((resolve) => this.#child.once("close", () => resolve()));
    const gone = (why: string) => {
      if (!this.alive) return;
      this.alive = false;
      failed(new Error(`sandbox launcher ${why}: ${this.#stderr.trim().slice(0, 500)}`));
      for (const launched of this.#children.values()) launched.launcherGone(why);
      this.#children.clear();
    };
    this.#child.on("error", (error) => gone(error.message));
    this.#child.on("exit", () => gone("exited"));
    this.#child.stdout?.on("data", (chunk: Buffer) => this.#read(chunk, readyNow));
  }

  register(id: number, launched: LaunchedProcess): void {
    if (this.alive) this.#children.set(id, launched);
    else queueMicrotask(() => launched.launcherGone("is not running"));
  }

  /**
   * Queues a frame; the frames of one turn of the event loop go out in one write at its end (a run's
   * start, program and end of input are one write instead of four, and one wake-up of the launcher).
   */
  send(kind: string, id: number, payload: Buffer = Buffer.alloc(0)): void {
    if (!this.alive) return;
    const head = Buffer.alloc(9);
    head.write(kind, 0, "latin1");
    head.writeUInt32BE(id, 1);
    head.writeUInt32BE(payload.byteLength, 5);
    this.#outgoing.push(head);
    if (payload.byteLength > 0) this.#outgoing.push(payload);
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => this.#flush());
  }

  #flush(): void {
    this.#flushQueued = false;
    const frames = this.#outgoing.splice(0);
    if (this.alive && frames.length > 0) this.#child.stdin?.write(Buffer.concat(frames));
  }

  async close(): Promise<void> {
    this.#flush();
    if (this.alive) this.#child.stdin?.end();
    await this.#exited;
  }

  #read(chunk: Buffer, readyNow: () => void): void {
    let buffer = this.#pending.byteLength > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    while (buffer.byteLength >= 9) {
      const size = buffer.readUInt32BE(5);
      if (buffer.byteLength < 9 + size) break;
      const kind = String.fromCharCode(buffer[0] ?? 0);
      const id = buffer.readUInt32BE(1);
      const payload = buffer.subarray(9, 9 + size);
      buffer = buffer.subarray(9 + size);
      if (kind === "R") readyNow();
      const launched = this.#children.get(id);
      if (launched === undefined) continue;
      if (kind === "X" || kind === "F") this.#children.delete(id);
      launched.frame(kind, payload);
    }
    this.#pending = buffer.byteLength > 0 ? Buffer.from(buffer) : Buffer.alloc(0);
  }
}

/** One output fd of a launched process: emits `data` with Buffers, as a Readable does. */
class LaunchedOutput extends EventEmitter {}

class LaunchedInput extends EventEmitter {
  readonly #send: (kind: string, payload?: Buffer) => void;
  #ended = false;

  constructor(send: (kind: string, payload?: Buffer) => void) {
    super();
    this.#send = send;
  }

  write(data: Buffer | string): boolean {
    if (this.#ended) return false;
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    if (bytes.byteLength > 0) this.#send("W", bytes);
    return true;
  }

  end(data?: Buffer | string): void {
    if (this.#ended) return;
    if (data !== undefined) this.write(data);
    this.#ended = true;
    this.#send("E");
  }
}

/** A process the launcher started: the part of ChildProcess that PythonSandbox uses. */
export class LaunchedProcess extends EventEmitter {
  readonly stdin: LaunchedInput;
  readonly stdout = new LaunchedOutput();
  readonly stderr = new LaunchedOutput();
  readonly stdio: readonly [LaunchedInput, LaunchedOutput, LaunchedOutput, LaunchedOutput, LaunchedOutput];
  pid: number | undefined;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly #launcher: LauncherProcess;
  readonly #id: number;
  #done = false;

  constructor(launcher: LauncherProcess, id: number) {
    super();
    this.#launcher = launcher;
    this.#id = id;
    this.stdin = new LaunchedInput((kind, payload) => launcher.send(kind, id, payload));
    this.stdio = [this.stdin, this.stdout, this.stderr, new LaunchedOutput(), new LaunchedOutput()];
  }

  begin(kind: "S" | "Z", command: SandboxCommand): void {
    this.#launcher.register(this.#id, this);
    const seccomp = command.seccomp ?? Buffer.alloc(0);
    const size = Buffer.alloc(4);
    size.writeUInt32BE(seccomp.byteLength);
    const argv = Buffer.from([command.file, ...command.args].join("\0"), "utf8");
    this.#launcher.send(kind, this.#id, Buffer.concat([size, seccomp, argv]));
  }

  beginRun(zygote: LaunchedProcess): void {
    this.#launcher.register(this.#id, this);
    this.#launcher.send("Y", this.#id, Buffer.from(String(zygote.#id), "latin1"));
  }

  belongsTo(launcher: LauncherProcess | undefined): boolean {
    return launcher === this.#launcher && launcher.alive;
  }

  /** Fails at once, as a start the launcher refused would. */
  refuse(why: string): void {
    queueMicrotask(() => this.frame("F", Buffer.from(why, "utf8")));
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): boolean {
    if (this.#done) return false;
    this.#launcher.send("K", this.#id, Buffer.from(String(constants.signals[signal]), "latin1"));
    return true;
  }

  /** One frame from the launcher for this process. */
  frame(kind: string, payload: Buffer): void {
    if (this.#done) return;
    if (kind === "D") {
      const output = this.stdio[payload[0] ?? 0];
      if (output instanceof LaunchedOutput) output.emit("data", payload.subarray(1));
    } else if (kind === "P") {
      this.pid = Number(payload.toString("latin1"));
      this.emit("spawn");
    } else if (kind === "F") {
      this.#done = true;
      this.emit("error", new Error(`could not start: ${payload.toString("utf8")}`));
    } else if (kind === "X") {
      const status = Number(payload.toString("latin1"));
      this.#end(status >= 0 ? status : null, status < 0 ? signalNamed(-status) : null);
    }
  }

  /** The launcher died: its children died with it (`--die-with-parent`). */
  launcherGone(why: string): void {
    if (this.#done) return;
    if (this.pid === undefined) {
      this.#done = true;
      this.emit("error", new Error(`sandbox launcher ${why}`));
      return;
    }
    this.#end(null, "SIGKILL");
  }

  #end(code: number | null, signal: NodeJS.Signals | null): void {
    this.#done = true;
    this.exitCode = code;
    this.signalCode = signal;
    // The exit often comes in the same read as the end report before it. As with a ChildProcess,
    // whose `close` comes in a later turn of the loop, the report's own setImmediate (PythonSandbox.run)
    // must run first: otherwise the result would be settled from the exit alone, without its files.
    setImmediate(() => {
      this.emit("exit", code, signal);
      this.emit("close", code, signal);
    });
  }
}

function signalNamed(number: number): NodeJS.Signals | null {
  const entry = Object.entries(constants.signals).find(([, value]) => value === number);
  return entry ? (entry[0] as NodeJS.Signals) : null;
}
