import { StringDecoder } from "node:string_decoder";

/**
 * Collects one output stream up to a byte cap. `push` reports when the cap is first exceeded so the
 * caller can stop the program instead of reading (and buffering) megabytes nobody will see.
 */
export class CappedOutput {
  readonly #cap: number;
  readonly #chunks: Buffer[] = [];
  #bytes = 0;
  #truncated = false;

  constructor(capBytes: number) {
    this.#cap = capBytes;
  }

  get truncated(): boolean {
    return this.#truncated;
  }

  /** Adds a chunk; returns true when this chunk went over the cap (only the first time). */
  push(chunk: Buffer | Uint8Array): boolean {
    if (this.#truncated) return false;
    const room = this.#cap - this.#bytes;
    if (chunk.byteLength <= room) {
      this.#chunks.push(Buffer.from(chunk));
      this.#bytes += chunk.byteLength;
      return false;
    }
    this.#chunks.push(Buffer.from(chunk.subarray(0, room)));
    this.#bytes = this.#cap;
    this.#truncated = true;
    return true;
  }

  /** The text kept; a multi-byte character cut by the cap is dropped rather than shown as a replacement mark. */
  text(): string {
    const decoder = new StringDecoder("utf8");
    const text = decoder.write(Buffer.concat(this.#chunks, this.#bytes));
    return this.#truncated ? text : text + decoder.end();
  }
}
