import { execFile } from "node:child_process";
import { bootstrapSource } from "./bootstrap.js";

/** The bootstrap as the sandbox's `-c` receives it, and what to write to its stdin before anything else. */
export interface BootstrapForm {
  readonly source: string;
  readonly preamble?: Buffer;
}

const compile =
  "import marshal,sys;sys.stdout.buffer.write(marshal.dumps(compile(sys.stdin.read(),'<string>','exec')))";

/**
 * The bootstrap compiled once, at start, by the sandbox's own interpreter (marshal's format is that
 * interpreter's): each sandbox then gets a four-line `-c` that reads the code object from stdin
 * ahead of the program and runs it. Compiling the bootstrap's source took about a quarter of the
 * interpreter's own start-up in every sandbox, and `marshal.loads` costs a tenth of that. Where the
 * interpreter cannot do it, the sandbox compiles the source as before.
 */
export async function compiledBootstrap(executable: string): Promise<BootstrapForm> {
  try {
    const code = await new Promise<Buffer>((resolve, reject) => {
      const child = execFile(
        executable,
        ["-I", "-S", "-c", compile],
        { env: {}, encoding: "buffer", timeout: 30_000, maxBuffer: 1 << 20 },
        (error, stdout) => (error ? reject(error) : resolve(stdout)),
      );
      child.stdin?.end(bootstrapSource);
    });
    if (code.byteLength === 0) return { source: bootstrapSource };
    return { source: bootstrapLoader(code.byteLength), preamble: code };
  } catch {
    return { source: bootstrapSource };
  }
}

/** Reads exactly `length` bytes of marshalled bootstrap from stdin and runs them in `__main__`. */
function bootstrapLoader(length: number): string {
  return [
    "import marshal, posix",
    "b = b''",
    `while len(b) < ${length}:`,
    `    c = posix.read(0, ${length} - len(b))`,
    "    if not c: posix._exit(70)",
    "    b += c",
    "exec(marshal.loads(b))",
  ].join("\n");
}
