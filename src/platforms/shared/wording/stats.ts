import type { StatsView, TopicLine } from "../../../domain/ports/views/stats.js";
import type { Block, MessagePicture, RichMessage } from "../rich-message.js";
import { count } from "./count.js";
import { parametersBlock } from "./parameters.js";

/** "🔥 12 · 🧊 1": days in a row, and the streak freezes held (each covers one missed day). */
export function streakWithFreezes(days: number, freezes: number): string {
  return freezes > 0 ? `🔥 ${days} · 🧊 ${freezes}` : `🔥 ${days}`;
}

export function presentStats(view: StatsView): RichMessage {
  const retention =
    view.retention30 === null ? "no reviews yet" : `${percent(view.retention30)} of ${view.reviews30}`;
  const blocks: Block[] = [
    {
      type: "fields",
      fields: [
        { name: "Due today", value: String(view.dueToday) },
        { name: "Reviews done", value: String(view.reviewsDone) },
        { name: "Retention (30 days)", value: retention },
        {
          name: "Streak",
          value: `${streakWithFreezes(view.currentStreak, view.streakFreezes)} (best ${view.longestStreak})`,
        },
      ],
    },
    {
      type: "table",
      columns: ["Day", "Due"],
      numeric: [1],
      rows: view.duePerDay.map((day, index) => [
        index === 0 ? "Today" : weekday(day.date),
        String(day.count),
      ]),
    },
  ];
  if (view.strongest.length + view.weakest.length === 0) {
    blocks.push({
      type: "text",
      markdown: `Topics show up here once a tag has ${count(view.minTopicCount, "graded answer")}.`,
    });
  } else {
    blocks.push({
      type: "text",
      markdown: `**Strongest:** ${topics(view.strongest)}\n**Weakest:** ${topics(view.weakest)}`,
    });
  }
  blocks.push(parametersBlock(view.parameters));
  if (view.snippetFindings) blocks.push(snippetFindingsBlock(view.snippetFindings));
  const fallback = `${view.dueToday} due today, ${count(view.reviewsDone, "review")}, streak ${view.currentStreak}`;
  const picture = statsPicture(view, blocks);
  return { title: "Your progress", tone: "info", blocks, fallback, ...(picture ? { picture } : {}) };
}

/**
 * The forecast as a chart of 30 days with the retention line, the topics beside it. Beside the picture the
 * message keeps the figures, parameters and findings; the week's table and the topics line are drawn.
 */
function statsPicture(view: StatsView, blocks: readonly Block[]): MessagePicture | undefined {
  const days = view.duePerDay30;
  if (!days || days.length === 0) return undefined;
  const retention =
    view.retention30 === null
      ? undefined
      : { share: view.retention30, label: `${percent(view.retention30)} remembered (30 days)` };
  const bar = (line: TopicLine) => ({
    name: line.tag,
    share: line.accuracy,
    valueText: percent(line.accuracy),
  });
  const week = days
    .slice(0, 7)
    .map((day, index) => `${index === 0 ? "today" : weekday(day.date)} ${day.count}`);
  const later = days.slice(7).reduce((sum, day) => sum + day.count, 0);
  const topicWords =
    view.strongest.length + view.weakest.length === 0
      ? ""
      : ` Strongest: ${topics(view.strongest)}. Weakest: ${topics(view.weakest)}.`;
  return {
    picture: {
      kind: "forecast",
      title: "Your progress: cards due",
      subtitle: `${view.dueToday} due today · ${count(view.reviewsDone, "review")} done · streak ${streakWithFreezes(view.currentStreak, view.streakFreezes)} (best ${view.longestStreak})`,
      days: days.map((day, index) => ({
        label: index === 0 ? "Today" : weekday(day.date),
        count: day.count,
      })),
      weekDays: 7,
      ...(retention ? { retention } : {}),
      strongest: view.strongest.map(bar),
      weakest: view.weakest.map(bar),
      strongestHeading: "Strongest topics",
      weakestHeading: "Weakest topics",
    },
    filename: "stats.png",
    altText: `Cards due in the next 7 days: ${week.join(", ")}; ${later} more in the 23 days after.${retention ? ` Retention over 30 days: ${percent(view.retention30 ?? 0)}.` : ""}${topicWords}`,
    blocks: blocks.filter(
      (block) =>
        block.type !== "table" && !(block.type === "text" && block.markdown.startsWith("**Strongest:**")),
    ),
  };
}

function snippetFindingsBlock(findings: NonNullable<StatsView["snippetFindings"]>): Block {
  const lines = findings.map(
    (finding) => `${finding.title} (\`${finding.ruleId}\`): ${count(finding.snippets, "snippet")}`,
  );
  return {
    type: "text",
    markdown:
      lines.length === 0
        ? "**In your snippets (30 days):** the review found nothing in code you ran."
        : `**In your snippets (30 days), found most:**\n${lines.join("\n")}`,
  };
}

function topics(lines: readonly TopicLine[]): string {
  return lines.length === 0
    ? "–"
    : lines.map((line) => `${line.tag} ${percent(line.accuracy)} (${line.total})`).join(", ");
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** "Tue 03" for a local date: the date already is the member's, so it is formatted as UTC. */
function weekday(date: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "2-digit" }).format(
    new Date(`${date}T12:00:00Z`),
  );
}
