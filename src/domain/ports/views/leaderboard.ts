import type { Period } from "../../leaderboards/periods.js";
import type { Metric } from "../../leaderboards/ranking.js";
import type { GroupKind } from "../leaderboard-store.js";

/** One member's line: rank and the figures every board shows, whatever it ranks by. */
export interface LeaderboardLine {
  readonly rank: number;
  readonly displayName: string;
  readonly points: number;
  readonly answered: number;
  readonly correct: number;
  /** Current streak in days, 0 when it has lapsed. */
  readonly streak: number;
  /** Streak freezes held today (0 in a group with freezes off). */
  readonly freezes: number;
  /** The member who asked for the board (pictures highlight their row). */
  readonly isCaller?: true;
}

export interface LeaderboardView {
  readonly kind: "leaderboard";
  /** Which group; `name` is the channel id for a channel group and "" for the whole server/workspace. */
  readonly group: { readonly kind: GroupKind; readonly name: string };
  /** The caller named no group: say which one this is and how to pick another. */
  readonly defaulted: boolean;
  readonly period: Period;
  /** "2026-W47", "2026-11" or "all", in the group's time zone. */
  readonly periodKey: string;
  readonly timeZone: string;
  readonly metric: Metric;
  /** Answers needed to appear on the accuracy board. */
  readonly minAnswers: number;
  readonly top: readonly LeaderboardLine[];
  /**
   * The caller's own line when it is not among `top`: `rank: null` when they do not qualify for this
   * board (too few answers, no live streak). Absent when they are listed or have no figures.
   */
  readonly caller?: Omit<LeaderboardLine, "rank"> & { readonly rank: number | null };
  /** On the private board: the button that shows this board in the channel. */
  readonly shareActionId?: string;
  /** On a shared board: who shared it (the caller line is theirs, so it names them instead of "you"). */
  readonly sharedBy?: string;
}
