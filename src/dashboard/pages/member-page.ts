import type { MemberFigures } from "../../domain/ports/dashboard-store.js";
import { barChart, horizontalBars } from "../charts.js";
import { percent } from "../html.js";
import { cell, type Page } from "../page.js";

/** One member's page: the organiser's view of them, and the only page a member sees of themselves. */
export function memberPage(member: MemberFigures): Page {
  return {
    title: member.name,
    sections: [
      {
        heading: "Activity",
        note: `Streak: ${member.streak.current} day${member.streak.current === 1 ? "" : "s"} (longest ${member.streak.longest}).`,
        chart: barChart(
          "Answers and correct answers per week",
          member.weeks.map((week) => week.week.slice(5)),
          [
            { name: "answers", values: member.weeks.map((week) => week.answered) },
            { name: "correct", values: member.weeks.map((week) => week.correct) },
          ],
        ),
        table: {
          id: "weeks",
          columns: [
            { label: "Week" },
            { label: "Answers", numeric: true },
            { label: "Correct", numeric: true },
            { label: "Points", numeric: true },
          ],
          rows: member.weeks.map((week) => [
            cell(week.week),
            cell(week.answered),
            cell(week.correct),
            cell(week.points),
          ]),
        },
      },
      {
        heading: "Accuracy by tag (last 90 days)",
        ...(member.byTag.length > 0
          ? {
              chart: horizontalBars(
                "Share of correct answers per tag",
                member.byTag.slice(0, 20).map((tag) => ({
                  label: tag.tag,
                  share: tag.answered > 0 ? tag.correct / tag.answered : 0,
                  text: `${percent(tag.correct, tag.answered)} %`,
                })),
                0.7,
              ),
            }
          : {}),
        table: {
          id: "tags",
          columns: [
            { label: "Tag" },
            { label: "Answers", numeric: true },
            { label: "Correct", numeric: true },
            { label: "% correct", numeric: true },
          ],
          rows: member.byTag.map((tag) => [
            cell(tag.tag),
            cell(tag.answered),
            cell(tag.correct),
            cell(percent(tag.correct, tag.answered)),
          ]),
        },
      },
      {
        heading: "Reviews due",
        note: "Review cards due on each of the next 14 days (UTC); today includes any overdue.",
        chart: barChart(
          "Review cards due per day",
          member.due.map((day) => day.day.slice(5)),
          [{ name: "cards due", values: member.due.map((day) => day.cards) }],
        ),
        table: {
          id: "due",
          columns: [{ label: "Day" }, { label: "Cards due", numeric: true }],
          rows: member.due.map((day) => [cell(day.day), cell(day.cards)]),
        },
      },
    ],
  };
}
