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
 * Work that must commit or fail together with the answer (leaderboard aggregates, the review card), run
 * inside the answer's transaction: an acknowledged answer is counted everywhere exactly once.
 */
export type AnswerHook = (tx: Tx, answer: StoredAnswer) => Promise<void>;
