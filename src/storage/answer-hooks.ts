import type { PlatformName } from "../domain/ports/chat-platform.js";
import type { Tx } from "./database.js";

/** What an answer hook learns about a freshly stored answer. */
export interface StoredAnswer {
  readonly answerId: number;
  readonly userId: number;
  readonly questionId: string;
  readonly correct: boolean;
  readonly points: number;
  readonly responseMs: number;
  readonly answeredAt: Date;
  readonly platform: PlatformName;
  readonly workspaceId: string;
  readonly channelId: string;
  readonly roundKind: "round" | "daily";
}

/**
 * Work that must commit or fail together with the answers (leaderboard aggregates, the review cards), run
 * inside the transaction that stores them: an acknowledged answer is counted everywhere exactly once.
 * Answers arrive in batches (see `AnswerWriter`), in the order they were stored; a hook should do its
 * work for the whole batch in a few set-based statements rather than a few per answer.
 */
export type AnswerHook = (tx: Tx, answers: readonly StoredAnswer[]) => Promise<void>;
