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
  /** The next 30 local days, today first (the chart); absent where only the week was counted. */
  readonly duePerDay30?: readonly { readonly date: string; readonly count: number }[];
  readonly reviewsDone: number;
  /** Share of the last 30 days' reviews not graded Again; `null` without reviews. */
  readonly retention30: number | null;
  readonly reviews30: number;
  readonly currentStreak: number;
  readonly longestStreak: number;
  /** Streak freezes held today: each covers one missed day (one earned per 7 days in a row, at most 2). */
  readonly streakFreezes: number;
  readonly strongest: readonly TopicLine[];
  readonly weakest: readonly TopicLine[];
  /** Gradings a tag needs before it is ranked. */
  readonly minTopicCount: number;
  readonly parameters: StatsParameters;
  /**
   * The review findings the member's own snippets triggered most in the last 30 days, most first, with
   * the number of snippets each fired in; absent where the bot keeps no findings.
   */
  readonly snippetFindings?: readonly {
    readonly ruleId: string;
    readonly title: string;
    readonly snippets: number;
  }[];
}

/** How well weights predicted the member's held-out (most recent) reviews. */
export interface FitFigures {
  readonly logLoss: number;
  /** RMSE over binned predictions, 0..1. */
  readonly rmse: number;
}

/** Which FSRS parameters schedule the member, and how the member's own fit compares with the defaults. */
export interface StatsParameters {
  readonly source: "defaults" | "member" | "group";
  /** Local date (YYYY-MM-DD) of the fit in use; `null` for the defaults. */
  readonly since: string | null;
  /** The member's own latest fit; `null` until one was made. */
  readonly ownFit: {
    readonly fittedOn: string;
    /** false: it predicted the held-out reviews worse than the defaults, so it does not schedule. */
    readonly accepted: boolean;
    readonly fitted: FitFigures;
    readonly defaults: FitFigures;
  } | null;
  readonly reviews: number;
  /** Reviews a member needs for their own fit. */
  readonly threshold: number;
}
