import type { ChatUser, Place } from "./chat-platform.js";
import type { RunResult } from "./code-runner.js";

/** A sandboxed run to remember: what ran, where, for whom, and what it printed. */
export interface NewSnippetRun {
  readonly place: Place;
  /**
   * The member whose code this is: the author of the reviewed message for "Run & review", else the
   * member who ran it. A later "Run again" names them, so the credit stays with the code.
   */
  readonly author: Pick<ChatUser, "platform" | "id" | "displayName">;
  readonly code: string;
  /** The interpreter the member chose by name; absent for the runner's default. */
  readonly interpreter?: string | undefined;
  /** The standard input the member gave, if any. */
  readonly stdin?: string | undefined;
  /** The challenge this run graded; such runs hold a member's solution and are never shown again. */
  readonly questionId?: string;
  readonly result: RunResult;
  /** The harness's verdict of a challenge run, as reported. */
  readonly checks?: unknown;
}

export interface StoredSnippetRun {
  readonly id: number;
  readonly place: Place;
  readonly authorName: string;
  readonly code: string;
  readonly questionId: string | null;
  /** The interpreter chosen for it; null for the runner's default. */
  readonly interpreter: string | null;
  /** The standard input it was given; null for none. */
  readonly stdin: string | null;
}

/** Snippet runs by id, so the buttons under a result can refer to the run instead of carrying code. */
export interface SnippetRunStore {
  save(run: NewSnippetRun): Promise<number>;
  find(id: number): Promise<StoredSnippetRun | undefined>;
}
