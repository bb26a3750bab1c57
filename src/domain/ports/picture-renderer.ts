import type { Result } from "../result.js";

/*
 * Pictures of views (issue 21 §1): what to draw, with every word already chosen by the platform wording,
 * as plain data so it crosses a worker thread's boundary. The renderer decides only layout and colour.
 */

/** One member's bar on the leaderboard card. */
export interface LeaderboardPictureRow {
  /** "1"... or "–" for a member not ranked on this board. */
  readonly rank: string;
  /** 1-3 draws a medal instead of the rank (only for points actually scored). */
  readonly medal?: 1 | 2 | 3;
  readonly name: string;
  /** The ranked figure, which sets the bar's length against the board's best. */
  readonly value: number;
  readonly valueText: string;
  /** The other figures, small, under the name ("82% · 40 answers"). */
  readonly detail: string;
  /** Days in a row; drawn as a flame with the number when above 0. */
  readonly streak: number;
  /** The member who asked: drawn highlighted. */
  readonly highlighted: boolean;
}

export interface LeaderboardPicture {
  readonly kind: "leaderboard";
  readonly title: string;
  readonly subtitle: string;
  readonly rows: readonly LeaderboardPictureRow[];
  /** The caller's own row below the top, when they are not in it. */
  readonly callerRow?: LeaderboardPictureRow;
  /** Shown instead of rows when the board is empty. */
  readonly empty: string;
  readonly footer: string;
}

/** The due-cards forecast of `/stats`. */
export interface ForecastPicture {
  readonly kind: "forecast";
  readonly title: string;
  readonly subtitle: string;
  /** One bar per day, today first; the first `weekDays` are the week ahead, drawn stronger. */
  readonly days: readonly { readonly label: string; readonly count: number }[];
  readonly weekDays: number;
  /** 0..1, drawn as a horizontal line on its own scale; absent without reviews. */
  readonly retention?: { readonly share: number; readonly label: string };
  readonly strongest: readonly TopicBar[];
  readonly weakest: readonly TopicBar[];
  readonly strongestHeading: string;
  readonly weakestHeading: string;
}

export interface TopicBar {
  readonly name: string;
  /** 0..1 */
  readonly share: number;
  readonly valueText: string;
}

/** The round summary's podium: up to three places, and a line about the rest. */
export interface PodiumPicture {
  readonly kind: "podium";
  readonly title: string;
  readonly places: readonly {
    readonly place: 1 | 2 | 3;
    readonly name: string;
    readonly valueText: string;
  }[];
  readonly footer: string;
}

/** The interpreter comparison: one bar per interpreter, wall and CPU time. */
export interface TimesPicture {
  readonly kind: "times";
  readonly title: string;
  readonly subtitle: string;
  readonly bars: readonly {
    readonly label: string;
    readonly wallMs: number;
    readonly cpuMs: number;
    /** The outcome in words ("same output", "timeout"...). */
    readonly note: string;
    /** Drawn in the warning colour: failed, or output differs from the default's. */
    readonly differs: boolean;
  }[];
  readonly wallLabel: string;
  readonly cpuLabel: string;
}

export type Picture = LeaderboardPicture | ForecastPicture | PodiumPicture | TimesPicture;

export interface RenderedPicture {
  /** PNG bytes. */
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** Every text drawn, in drawing order: the picture's text layer, for tests and checks. */
  readonly texts: readonly string[];
}

/**
 * Why no picture came back; the caller then shows the text version. `busy`: the render queue is full;
 * `failed`: drawing threw or the renderer's worker died; `timed_out`: it took too long; `closed`: shut down.
 */
export type PictureFailure = "busy" | "failed" | "timed_out" | "closed";

/** Draws pictures off the event loop that handles answers. */
export interface PictureRenderer {
  render(picture: Picture): Promise<Result<RenderedPicture, PictureFailure>>;
  close(): Promise<void>;
}
