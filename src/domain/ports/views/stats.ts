/** A member's progress (`/stats`): data only; the words live in src/platforms/shared/wording/stats.ts. */
export interface TopicLine {
  readonly tag: string;
  /** 0..1 */
  readonly accuracy: number;
  readonly total: number;
}

export interface StatsView {
  readonly kind: "stats";
  readonly dueToday: number;
  /** The next 7 local days, today first. */
  readonly duePerDay: readonly { readonly date: string; readonly count: number }[];
  readonly reviewsDone: number;
  /** Share of the last 30 days' reviews not graded Again; `null` without reviews. */
  readonly retention30: number | null;
  readonly reviews30: number;
  readonly currentStreak: number;
  readonly longestStreak: number;
  readonly strongest: readonly TopicLine[];
  readonly weakest: readonly TopicLine[];
  /** Gradings a tag needs before it is ranked. */
  readonly minTopicCount: number;
}
