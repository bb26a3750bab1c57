/**
 * The worker thread that hosts one Pyodide interpreter, as CommonJS source for
 * `new Worker(source, { eval: true })`: a source string runs the same under tsx, vitest and the
 * compiled build, where a worker file path would not. Keep it plain JavaScript.
 *
 * Pyodide in Node is not a sandbox by itself: Python reaches the worker's JavaScript globals
 * (`import js; js.require("child_process")`). After loading, the worker therefore removes
 * `require`, `process`, network APIs and code generation (`eval`, the Function constructors)
 * from its global scope, and unregisters the `js` and `pyodide_js` modules. Memory: WebAssembly
 * memory lives outside V8's heap limits, so `Memory.prototype.grow` refuses growth past the limit,
 * which Python sees as a MemoryError.
 *
 * Messages in: `{ type: "run", code, files, stdin }`. Out: `ready`, `failed`, `output` (stream 1|2,
 * bytes), `done` (exitCode, feature, refused, and the files of ./output: `files` as name and bytes,
 * `leftOut` as name and reason).
 */
// biome-ignore lint/complexity/noUselessStringRaw: raw keeps a backslash added to this source later from being read as a JavaScript escape
export const pyodideWorkerSource = String.raw`
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const { pyodidePath, indexURL, memoryBytes, outputBytes, interruptBuffer, runnerSource } = workerData;
const interrupt = new Int32Array(interruptBuffer);
const post = parentPort.postMessage.bind(parentPort);

let memory;
let memoryCap = Number.POSITIVE_INFINITY;
const grow = WebAssembly.Memory.prototype.grow;
Object.defineProperty(WebAssembly.Memory.prototype, "grow", {
  value: function (pages) {
    memory = this;
    if (this.buffer.byteLength + pages * 65536 > memoryCap) throw new RangeError("memory limit reached");
    return grow.call(this, pages);
  },
  writable: false,
  configurable: false,
});

function disarmGlobals() {
  const blocked = function () {
    throw new EvalError("code generation is disabled in the quizbot sandbox");
  };
  const trap = (target) => new Proxy(target, { apply: blocked, construct: blocked });
  for (const name of ["require", "module", "exports", "__filename", "__dirname", "process", "fetch",
    "WebSocket", "EventSource", "XMLHttpRequest", "Request", "Response", "Headers", "FormData",
    "BroadcastChannel", "navigator", "importScripts"]) {
    try {
      delete globalThis[name];
    } catch {}
    if (name in globalThis) {
      try {
        Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
      } catch {}
    }
  }
  const makers = [
    Function,
    Object.getPrototypeOf(async function () {}).constructor,
    Object.getPrototypeOf(function* () {}).constructor,
    Object.getPrototypeOf(async function* () {}).constructor,
  ];
  for (const maker of makers) {
    Object.defineProperty(maker.prototype, "constructor", { value: trap(maker), writable: false, configurable: false });
  }
  Object.defineProperty(globalThis, "Function", { value: trap(Function), writable: false, configurable: false });
  Object.defineProperty(globalThis, "eval", { value: trap(eval), writable: false, configurable: false });
}

async function main() {
  const { loadPyodide } = require(pyodidePath);
  const pyodide = await loadPyodide({ indexURL, env: { HOME: "/sandbox", LANG: "C.UTF-8" } });
  let sent = [0, 0, 0];
  let stopping = false;
  const writer = (stream) => ({
    write(bytes) {
      const room = outputBytes + 1 - sent[stream];
      if (room > 0) {
        const chunk = bytes.slice(0, room);
        sent[stream] += chunk.byteLength;
        post({ type: "output", stream, chunk }, [chunk.buffer]);
      }
      // Over the cap: ask the program to stop (SIGTERM, see the Python side); the main thread
      // terminates the worker if it goes on.
      if (sent[stream] > outputBytes && !stopping) {
        stopping = true;
        Atomics.store(interrupt, 0, 15);
      }
      return bytes.byteLength;
    },
    isatty: false,
  });
  pyodide.setStdout(writer(1));
  pyodide.setStderr(writer(2));
  let stdin;
  pyodide.setStdin({
    stdin() {
      const text = stdin;
      stdin = undefined;
      return text === "" ? undefined : text;
    },
    isatty: false,
  });
  pyodide.runPython(runnerSource);
  const run = pyodide.globals.get("_quizbot_run");
  pyodide.unregisterJsModule("js");
  pyodide.unregisterJsModule("pyodide_js");
  pyodide.setInterruptBuffer(interrupt);
  memoryCap = (memory ? memory.buffer.byteLength : 0) + memoryBytes;
  disarmGlobals();
  parentPort.on("message", (message) => {
    if (message.type !== "run") return;
    sent = [0, 0, 0];
    stopping = false;
    stdin = message.stdin;
    Atomics.store(interrupt, 0, 0);
    const files = pyodide.toPy(message.files);
    try {
      const result = run(message.code, files);
      const [exitCode, feature, refused, kept, skipped] = result.toJs();
      result.destroy();
      // kept: [name, bytes] pairs (bytes arrive as Uint8Array copies); skipped: [name, reason] pairs.
      const returned = kept.map(([name, data]) => ({ name, data }));
      const leftOut = skipped.map(([name, reason]) => ({ name, reason }));
      post(
        { type: "done", exitCode: exitCode ?? null, feature: feature ?? null, refused, files: returned, leftOut },
        returned.map((file) => file.data.buffer),
      );
    } catch (error) {
      // The runner itself failed (interrupted while resetting, say): this interpreter is suspect.
      post({ type: "failed", detail: String(error && error.message ? error.message : error) });
    } finally {
      files.destroy();
    }
  });
  post({ type: "ready" });
}

main().catch((error) => post({ type: "failed", detail: String(error && error.message ? error.message : error) }));
`;
