/**
 * Groups typed lines into inputs: a line that opens a ``` fence without closing it continues until the
 * closing fence, so `/run` with a multi-line code block arrives as one input.
 */
export class InputAssembler {
  private pending: string[] | undefined;

  /** Returns a complete input, or undefined while a code fence is still open. */
  push(line: string): string | undefined {
    if (this.pending) {
      this.pending.push(line);
      if (/^\s*```\s*$/.test(line)) {
        const text = this.pending.join("\n");
        this.pending = undefined;
        return text;
      }
      return undefined;
    }
    const fences = (line.match(/```/g) ?? []).length;
    if (fences % 2 === 1) {
      this.pending = [line];
      return undefined;
    }
    return line;
  }

  /** What was left open at end of input, if anything. */
  flush(): string | undefined {
    const text = this.pending?.join("\n");
    this.pending = undefined;
    return text;
  }
}
