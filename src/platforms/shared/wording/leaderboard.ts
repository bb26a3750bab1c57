import type { Period } from "../../../domain/leaderboards/periods.js";
import type { Metric } from "../../../domain/leaderboards/ranking.js";
import type { LeaderboardPictureRow } from "../../../domain/ports/picture-renderer.js";
import type { LeaderboardLine, LeaderboardView } from "../../../domain/ports/views/leaderboard.js";
import type { Block, MessagePicture, RichMessage } from "../rich-message.js";
import { count } from "./count.js";
import { medal } from "./medal.js";
import { cellName, memberName } from "./member-name.js";
import { streakWithFreezes } from "./stats.js";

const periodWords: Readonly<Record<Period, string>> = {
  week: "this week",
  month: "this month",
  all: "all time",
};

const metricWords: Readonly<Record<Metric, string>> = {
  points: "points",
  accuracy: "accuracy",
  answers: "answers given",
  streak: "current streak",
};

export function groupLabel(group: LeaderboardView["group"]): string {
  switch (group.kind) {
    case "workspace":
      return "the whole server";
    case "channel":
      return "this channel";
    case "named":
      return group.name;
  }
}

function percent(line: Pick<LeaderboardLine, "answered" | "correct">): string {
  return line.answered === 0 ? "–" : `${Math.round((100 * line.correct) / line.answered)}%`;
}

function streakText(days: number, freezes: number): string {
  return days === 0 ? "–" : streakWithFreezes(days, freezes);
}

/**
 * Why the caller's line has no rank. Besides the accuracy and streak boards' own rules, a member with a
 * running streak but no answer in the period gets a line on the points and answers boards (for the
 * streak it shows): early in a week that is most members who played the day before.
 */
function unranked(view: LeaderboardView, caller: Pick<LeaderboardLine, "answered">): string {
  switch (view.metric) {
    case "accuracy":
      return `not ranked yet: ${count(view.minAnswers - caller.answered, "more answer", "more answers")} to qualify`;
    case "streak":
      return "not ranked: no running streak";
    default:
      // A streak can come from reviews alone, so even the all-time board can have no answers of theirs.
      return `not ranked: no answers ${view.period === "all" ? "yet" : periodWords[view.period]}`;
  }
}

/** The board as a table with medals for the top three; the caller's own line below when not in it. */
export function presentLeaderboard(view: LeaderboardView): RichMessage {
  const where = groupLabel(view.group);
  const period = view.period === "all" ? periodWords.all : `${periodWords[view.period]} (${view.periodKey})`;
  const title = `🏆 Leaderboard: ${where}, ${period}`;
  const ties = `Ties: points, then accuracy, then who reached the score first · days in ${view.timeZone}`;
  const blocks: Block[] = [];
  const ranking =
    view.metric === "accuracy"
      ? `Ranked by accuracy; members with at least ${count(view.minAnswers, "answer")} qualify.`
      : view.metric === "streak"
        ? "Ranked by current streak (days in a row with a correct answer); figures are for the period."
        : `Ranked by ${metricWords[view.metric]}.`;
  const lead =
    view.defaulted && view.sharedBy === undefined
      ? `${ranking} This is ${where}'s board; name a group or \`server\` to see another.`
      : ranking;
  blocks.push({ type: "text", markdown: lead });
  if (view.top.length === 0) {
    blocks.push({
      type: "text",
      markdown:
        view.metric === "accuracy"
          ? `Nobody has ${count(view.minAnswers, "answer")} here yet for ${period}.`
          : view.metric === "streak"
            ? "No running streaks here yet."
            : `No answers here yet for ${period}. Start a round with \`/quiz start\`.`,
    });
  } else {
    blocks.push({
      type: "table",
      columns: ["#", "Member", "Points", "Accuracy", "Answers", "Streak"],
      numeric: [2, 3, 4],
      rows: view.top.map((line) => [
        medal(line.rank, line.points),
        cellName(line.displayName),
        String(line.points),
        percent(line),
        String(line.answered),
        streakText(line.streak, line.freezes),
      ]),
    });
  }
  if (view.caller) {
    const caller = view.caller;
    const figures = `${count(caller.points, "point")} · ${percent(caller)} accuracy · ${count(caller.answered, "answer")} · streak ${streakText(caller.streak, caller.freezes)}`;
    // A shared board is read by the channel: the line is the sharer's, so it names them.
    const who = view.sharedBy === undefined ? "You are" : `${memberName(view.sharedBy)} is`;
    const place = caller.rank !== null ? `${who} #${caller.rank}` : `${who} ${unranked(view, caller)}`;
    blocks.push({ type: "text", markdown: `**${place}** · ${figures}` });
  }
  const picture = leaderboardPicture(view, { title, period, ranking, ties });
  const fallback = `${title}: ${view.top
    .slice(0, 3)
    .map((line) => `${line.rank}. ${memberName(line.displayName)} ${line.points}`)
    .join(", ")}`;
  return {
    title,
    tone: "info",
    blocks,
    ...(view.shareActionId
      ? {
          buttons: [
            [{ actionId: view.shareActionId, label: "Share in channel", style: "secondary" as const }],
          ],
        }
      : {}),
    footer: view.sharedBy === undefined ? ties : `Shared by ${memberName(view.sharedBy)} · ${ties}`,
    fallback,
    picture,
  };
}

/**
 * The board as a card: the same lines as the table, bars for the ranked figure, the caller's own row
 * highlighted. Beside it the message keeps only what the card does not say (how to pick another board).
 */
function leaderboardPicture(
  view: LeaderboardView,
  words: { readonly title: string; readonly period: string; readonly ranking: string; readonly ties: string },
): MessagePicture {
  const where = groupLabel(view.group);
  const callerName = view.sharedBy ?? "You";
  const rows = view.top.map((line) => pictureRow(view, line, String(line.rank), line.isCaller === true));
  const caller = view.caller;
  const callerRow = caller
    ? pictureRow(view, caller, caller.rank === null ? "–" : String(caller.rank), true)
    : undefined;
  const empty =
    view.metric === "accuracy"
      ? `Nobody has ${count(view.minAnswers, "answer")} here yet for ${words.period}.`
      : view.metric === "streak"
        ? "No running streaks here yet."
        : `No answers here yet for ${words.period}.`;
  const hint =
    view.defaulted && view.sharedBy === undefined
      ? [
          {
            type: "text" as const,
            markdown: `This is ${where}'s board; name a group or \`server\` to see another.`,
          },
        ]
      : [];
  const lines = [
    ...view.top.map((line) => altLine(String(line.rank), line)),
    ...(caller
      ? [`${callerName}: ${altLine(caller.rank === null ? "not ranked" : String(caller.rank), caller)}`]
      : []),
  ];
  return {
    picture: {
      kind: "leaderboard",
      title: words.title,
      subtitle: words.ranking,
      rows,
      ...(callerRow ? { callerRow } : {}),
      empty,
      footer: view.sharedBy === undefined ? words.ties : `Shared by ${view.sharedBy} · ${words.ties}`,
    },
    filename: "leaderboard.png",
    altText: `${words.title}. ${words.ranking} ${lines.length === 0 ? empty : lines.join("; ")}.`,
    blocks: hint,
  };
}

function pictureRow(
  view: LeaderboardView,
  line: Omit<LeaderboardLine, "rank">,
  rank: string,
  highlighted: boolean,
): LeaderboardPictureRow {
  const value =
    view.metric === "accuracy"
      ? line.answered === 0
        ? 0
        : line.correct / line.answered
      : view.metric === "answers"
        ? line.answered
        : view.metric === "streak"
          ? line.streak
          : line.points;
  const valueText =
    view.metric === "accuracy"
      ? percent(line)
      : view.metric === "streak"
        ? count(line.streak, "day")
        : String(value);
  const others = [
    view.metric === "points" ? undefined : count(line.points, "point"),
    view.metric === "accuracy" ? undefined : `${percent(line)} correct`,
    view.metric === "answers" ? undefined : count(line.answered, "answer"),
    line.freezes > 0 ? count(line.freezes, "freeze") : undefined,
  ].filter((part) => part !== undefined);
  const place = Number(rank);
  const medalled =
    line.points > 0 && (place === 1 || place === 2 || place === 3) ? { medal: place as 1 | 2 | 3 } : {};
  return {
    rank,
    ...medalled,
    name: line.displayName,
    value,
    valueText,
    detail: others.join(" · "),
    streak: line.streak,
    highlighted,
  };
}

function altLine(rank: string, line: Omit<LeaderboardLine, "rank">): string {
  // Words, not the flame and ice emoji of the table: screen readers read "fire" for 🔥.
  const streak = line.streak === 0 ? "no streak" : `a ${count(line.streak, "day")} streak`;
  const freezes = line.freezes > 0 ? ` (${count(line.freezes, "freeze")})` : "";
  return `${rank}. ${line.displayName}, ${count(line.points, "point")}, ${percent(line)} correct, ${count(line.answered, "answer")}, ${streak}${freezes}`;
}
