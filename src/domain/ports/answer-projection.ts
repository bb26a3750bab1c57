import type { PlatformName } from "./chat-platform.js";

/** What a projection learns about a freshly stored answer. */
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
  /** The option picked (domain/questions/answer-option.ts); absent where the writer does not say. */
  readonly option?: number;
}

/**
 * A view kept from the answers as they are stored (leaderboard figures, review cards): it runs in the
 * unit of work that stores them (`Unit`, the storage adapter's transaction), so an acknowledged answer is
 * counted everywhere exactly once. Answers arrive in batches in the order they were stored; a projection
 * should do its work for the whole batch in a few set-based statements rather than a few per answer.
 */
export type AnswerProjection<Unit> = (unit: Unit, answers: readonly StoredAnswer[]) => Promise<void>;
