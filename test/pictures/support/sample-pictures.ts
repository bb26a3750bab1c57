import type {
  ForecastPicture,
  LeaderboardPicture,
  Picture,
  PodiumPicture,
  TimesPicture,
} from "../../../src/domain/ports/picture-renderer.js";

/*
 * One fixed picture of each kind: the golden images, the README's screenshots and the bench draw these,
 * so a change in drawing shows up as a changed golden file in review.
 */

const names = [
  "Ada",
  "Grace",
  "محمد",
  "Linus",
  "Zoë",
  "Émile",
  "Barbara Liskov-Featherstonehaugh",
  "Ken",
  "Priya",
  "Jo",
];

export const sampleLeaderboard: LeaderboardPicture = {
  kind: "leaderboard",
  title: "🏆 Leaderboard: this channel, this week (2026-W49)",
  subtitle: "Ranked by points.",
  rows: names.map((name, index) => ({
    rank: String(index + 1),
    ...(index < 3 ? { medal: (index + 1) as 1 | 2 | 3 } : {}),
    name,
    value: 1480 - index * 127,
    valueText: String(1480 - index * 127),
    detail: `${92 - index * 3}% correct · ${40 - index * 2} answers`,
    streak: index % 3 === 2 ? 0 : 12 - index,
    highlighted: index === 4,
  })),
  empty: "No answers here yet for this week.",
  footer: "Ties: points, then accuracy, then who reached the score first · days in Europe/Berlin",
};

export const sampleLeaderboardWithCaller: LeaderboardPicture = {
  ...sampleLeaderboard,
  rows: sampleLeaderboard.rows.map((row) => ({ ...row, highlighted: false })),
  callerRow: {
    rank: "23",
    name: "Margaret",
    value: 310,
    valueText: "310",
    detail: "61% correct · 9 answers",
    streak: 2,
    highlighted: true,
  },
};

const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const dueCounts = [
  14, 9, 22, 6, 11, 3, 17, 8, 12, 5, 19, 7, 4, 10, 15, 2, 9, 13, 6, 8, 21, 3, 5, 11, 7, 16, 4, 9, 6, 12,
];

export const sampleForecast: ForecastPicture = {
  kind: "forecast",
  title: "Your progress: cards due",
  subtitle: "14 due today · 312 reviews done · streak 🔥 6 (best 19)",
  days: dueCounts.map((count, index) => ({
    label:
      index === 0
        ? "Today"
        : `${weekdays[index % 7]} ${new Date(Date.UTC(2026, 11, 7 + index)).getUTCDate()}`,
    count,
  })),
  weekDays: 7,
  retention: { share: 0.87, label: "87% remembered (30 days)" },
  strongest: [
    { name: "asyncio", share: 0.94, valueText: "94%" },
    { name: "queue", share: 0.9, valueText: "90%" },
    { name: "gil", share: 0.86, valueText: "86%" },
  ],
  weakest: [
    { name: "multiprocessing", share: 0.41, valueText: "41%" },
    { name: "locks", share: 0.52, valueText: "52%" },
    { name: "concurrent-futures", share: 0.6, valueText: "60%" },
  ],
  strongestHeading: "Strongest topics",
  weakestHeading: "Weakest topics",
};

export const samplePodium: PodiumPicture = {
  kind: "podium",
  title: "Round over: 5 questions",
  places: [
    { place: 1, name: "Grace", valueText: "640 points" },
    { place: 2, name: "محمد", valueText: "515 points" },
    { place: 3, name: "Zoë", valueText: "230 points" },
  ],
  footer: "and 4 more answered · see /leaderboard for the standings",
};

export const sampleTimes: TimesPicture = {
  kind: "times",
  title: "Compare interpreters: snippet by Ada",
  subtitle: "The output differs on 3.13t (compared with 3.12)",
  bars: [
    { label: "3.12", wallMs: 412, cpuMs: 380, note: "reference", differs: false },
    { label: "3.11", wallMs: 498, cpuMs: 470, note: "identical", differs: false },
    { label: "3.13", wallMs: 395, cpuMs: 360, note: "identical", differs: false },
    { label: "3.13t, no GIL", wallMs: 161, cpuMs: 590, note: "differs at stdout line 2", differs: true },
    { label: "Pyodide 0.27", wallMs: 1240, cpuMs: 1190, note: "identical", differs: false },
  ],
  wallLabel: "wall time",
  cpuLabel: "CPU time (all threads and processes)",
};

/** Every kind drawn, by the name its golden file and screenshot carry. */
export const samplePictures: Readonly<Record<string, Picture>> = {
  leaderboard: sampleLeaderboard,
  forecast: sampleForecast,
  podium: samplePodium,
  times: sampleTimes,
};
