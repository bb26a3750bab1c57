/**
 * One question read from a file a teacher brought (a CSV row, an entry of a Red trivia list), in the
 * pack's own YAML shape, with the line it came from so every problem reads `file:line: what is wrong`.
 * `id` may be missing: the importer gives one.
 */
export interface ImportedEntry {
  readonly line: number;
  readonly entry: Readonly<Record<string, unknown>>;
}

/** What a reader made of a whole file: entries, the problems it found, and what the file says of itself. */
export interface ImportedFile {
  readonly entries: readonly ImportedEntry[];
  readonly problems: readonly {
    readonly line: number;
    readonly message: string;
    /** Fields the reader could not fill because of this problem: the validator's "is required" for them is noise. */
    readonly fields?: readonly string[];
  }[];
  /** From the file itself where it says (a Red list's AUTHOR and DESCRIPTION). */
  readonly author?: string;
  readonly description?: string;
}

/** Values the importer fills in where a row does not say. */
export interface ImportDefaults {
  readonly tag: string;
  readonly difficulty: 1 | 2 | 3;
}
