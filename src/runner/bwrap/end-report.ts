import type { LeftOutFile } from "../../domain/ports/code-runner.js";
import { maxOutputBytes, type ReportedFile } from "../output-files.js";

/** What the bootstrap reports on fd 4 once the program has ended (see bootstrap.ts). */
export interface EndReport {
  readonly exitCode: number;
  /** The files of ./output as sent, not yet checked (output-files.ts does that). */
  readonly files: readonly ReportedFile[];
  /** Files the bootstrap left out, with why. */
  readonly leftOut: readonly LeftOutFile[];
  /** CPU time of the program's process and the children it waited for, as the bootstrap measured it. */
  readonly cpuMs?: number;
  /** Wall time from the program's arrival to its end, as the bootstrap measured it. */
  readonly wallMs?: number;
  /** The program's peak resident size as the bootstrap saw it (its own and its waited-for children's). */
  readonly peakMemoryBytes?: number;
}

// The frame carries at most 1 MiB of contents plus names and sizes; a longer one is not the bootstrap's.
const maxFrameBytes = maxOutputBytes + 64 * 1024;
const leftOutReasons = new Set<LeftOutFile["reason"]>(["kind", "count", "size"]);

/**
 * Reads fd 4 after the program was handed over: `R` (ready, already seen), then optionally
 * `F<12 digits: length><payload>` (payload: a line of field sizes, then the fields: the left-out
 * list, `name\treason` lines, then name and contents pairs), then `X<exit code> <cpu ms> <wall ms>\n`.
 *
 * The program can write to fd 4 too. Anything that does not parse stops the reading for good: the run
 * then ends when the sandbox does, with no files, so a program can only spoil its own report.
 */
export class EndReportReader {
  #buffer = Buffer.alloc(0);
  #files: ReportedFile[] = [];
  #leftOut: LeftOutFile[] = [];
  #broken = false;
  #done = false;

  /** Feeds what fd 4 delivered; returns the report once it is complete (once only). */
  push(chunk: Buffer): EndReport | undefined {
    if (this.#broken || this.#done) return undefined;
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.byteLength > maxFrameBytes + 32) return this.#break();
    while (this.#buffer.byteLength > 0) {
      const kind = this.#buffer[0];
      if (kind === 0x52 /* R */) {
        this.#buffer = this.#buffer.subarray(1);
      } else if (kind === 0x46 /* F */) {
        if (this.#buffer.byteLength < 13) return undefined;
        const lengthText = this.#buffer.subarray(1, 13).toString("latin1");
        if (!/^\d{12}$/.test(lengthText) || this.#files.length > 0) return this.#break();
        const length = Number(lengthText);
        if (length > maxFrameBytes) return this.#break();
        if (this.#buffer.byteLength < 13 + length) return undefined;
        if (!this.#readFiles(this.#buffer.subarray(13, 13 + length))) return this.#break();
        this.#buffer = this.#buffer.subarray(13 + length);
      } else if (kind === 0x58 /* X */) {
        const head = this.#buffer.subarray(0, 48).toString("latin1");
        const match = /^X(\d{1,3})(?: (\d{1,12}))?(?: (\d{1,12}))?(?: (\d{1,12}))?\n/.exec(head);
        if (!match) return head.includes("\n") || head.length >= 48 ? this.#break() : undefined;
        this.#done = true;
        const cpu = match[2] === undefined ? {} : { cpuMs: Number(match[2]) };
        const wall = match[3] === undefined ? {} : { wallMs: Number(match[3]) };
        const peak = match[4] === undefined ? {} : { peakMemoryBytes: Number(match[4]) * 1024 };
        return {
          exitCode: Number(match[1]),
          files: this.#files,
          leftOut: this.#leftOut,
          ...cpu,
          ...wall,
          ...peak,
        };
      } else {
        return this.#break();
      }
    }
    return undefined;
  }

  #break(): undefined {
    this.#broken = true;
    this.#buffer = Buffer.alloc(0);
    this.#files = [];
    return undefined;
  }

  #readFiles(payload: Buffer): boolean {
    const newline = payload.indexOf(0x0a);
    if (newline < 0 || newline > 200) return false;
    const sizes = payload.subarray(0, newline).toString("latin1").split(" ").map(Number);
    if (sizes.some((size) => !Number.isInteger(size) || size < 0) || sizes.length % 2 !== 1) return false;
    const fields: Buffer[] = [];
    let at = newline + 1;
    for (const size of sizes) {
      if (at + size > payload.byteLength) return false;
      fields.push(payload.subarray(at, at + size));
      at += size;
    }
    const [skipped, ...pairs] = fields;
    for (const line of (skipped?.toString("utf8") ?? "").split("\n")) {
      const [name = "", reason] = line.split("\t");
      if (reason && leftOutReasons.has(reason as LeftOutFile["reason"])) {
        this.#leftOut.push({ name: name.slice(0, 100), reason: reason as LeftOutFile["reason"] });
      }
    }
    for (let index = 0; index + 1 < pairs.length; index += 2) {
      const name = pairs[index]?.toString("utf8") ?? "";
      const data = pairs[index + 1] ?? Buffer.alloc(0);
      // A copy: the frame's buffer is let go, the file kept with the result.
      this.#files.push({ name, data: new Uint8Array(data) });
    }
    return true;
  }
}
