import type { StatsView, TopicLine } from "../../../domain/ports/views/stats.js";
import type { Block, RichMessage } from "../rich-message.js";
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
  return { title: "Your progress", tone: "info", blocks, fallback };
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
