import type {
  LeaderboardView,
  RoundSummaryView,
  SnippetComparisonView,
  StatsView,
  View,
} from "../../../src/domain/ports/views/index.js";
import { type SampleText, viewSamples } from "../../platforms/matrix/view-samples.js";

/** One view of each kind that comes with a picture, with names and figures the tests look for. */

const text: SampleText = {
  name: "Grace",
  other: "Ada",
  member: "Grace",
  otherMember: "Ada",
  prompt: "What does this print?",
  code: "print(1)",
  output: "1",
  rows: 3,
};

function first<K extends View["kind"]>(kind: K): Extract<View, { kind: K }> {
  const [view] = (viewSamples[kind] as (sample: SampleText) => Extract<View, { kind: K }>[])(text);
  if (!view) throw new Error(`no sample of ${kind}`);
  return view;
}

export const boardView: LeaderboardView = {
  kind: "leaderboard",
  group: { kind: "workspace", name: "" },
  defaulted: false,
  period: "week",
  periodKey: "2026-W49",
  timeZone: "Europe/Berlin",
  metric: "points",
  minAnswers: 10,
  top: [
    { rank: 1, displayName: "Grace", points: 1290, answered: 11, correct: 10, streak: 4, freezes: 0 },
    {
      rank: 2,
      displayName: "Ada",
      points: 845,
      answered: 9,
      correct: 7,
      streak: 0,
      freezes: 0,
      isCaller: true,
    },
    { rank: 3, displayName: "Linus", points: 120, answered: 3, correct: 1, streak: 1, freezes: 1 },
  ],
};

export const statsView: StatsView = {
  ...first("stats"),
  duePerDay30: Array.from({ length: 30 }, (_, i) => ({
    date: new Date(Date.UTC(2026, 11, 7 + i)).toISOString().slice(0, 10),
    count: (i * 7) % 13,
  })),
  retention30: 0.87,
  strongest: [{ tag: "asyncio", accuracy: 0.94, total: 31 }],
  weakest: [{ tag: "multiprocessing", accuracy: 0.41, total: 12 }],
};

export const summaryView: RoundSummaryView = {
  ...first("round_summary"),
  rows: [
    { rank: 1, displayName: "Grace", points: 640, correct: 5, answered: 5 },
    { rank: 2, displayName: "Ada", points: 515, correct: 4, answered: 5 },
    { rank: 3, displayName: "Linus", points: 230, correct: 2, answered: 5 },
    { rank: 4, displayName: "Ken", points: 0, correct: 0, answered: 4 },
  ],
};

export const comparisonView: SnippetComparisonView = first("snippet_comparison");

/** Each view with the file its picture goes out as and a phrase its alt text must hold. */
export const pictureViews: readonly { view: View; filename: string; alt: string }[] = [
  { view: boardView, filename: "leaderboard.png", alt: "1. Grace, 1290 points" },
  { view: statsView, filename: "stats.png", alt: "Retention over 30 days: 87 %" },
  { view: summaryView, filename: "podium.png", alt: "2. Ada, 515 points, 4 of 5 correct" },
  { view: comparisonView, filename: "interpreters.png", alt: "3.12" },
];
