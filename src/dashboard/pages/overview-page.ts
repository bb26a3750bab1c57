import type { DashboardScope, GroupFigures, WorkspaceOverview } from "../../domain/ports/dashboard-store.js";
import { barChart, lineChart } from "../charts.js";
import { percent } from "../html.js";
import { cell, type Page } from "../page.js";
import { memberPath } from "./paths.js";

export function groupLabel(group: Pick<GroupFigures, "kind" | "name">): string {
  if (group.kind === "workspace") return "Whole server";
  if (group.kind === "channel") return `#${group.name}`;
  return group.name;
}

/** The organiser's server page: this week's members, the groups' boards over time, the daily quizzes. */
export function overviewPage(scope: DashboardScope, overview: WorkspaceOverview): Page {
  return {
    title: `Server dashboard (${scope.platform} ${scope.workspaceId})`,
    sections: [
      activeSection(scope, overview),
      groupsSection(overview),
      weeksSection(overview),
      dailySection(overview),
    ],
  };
}

type Section = Page["sections"][number];

function weeksOf(overview: WorkspaceOverview): string[] {
  const server = overview.groups.find((group) => group.kind === "workspace") ?? overview.groups[0];
  return server?.weeks.map((week) => week.week) ?? [];
}

function activeSection(scope: DashboardScope, overview: WorkspaceOverview): Section {
  return {
    heading: `Members active this week (${overview.week})`,
    note: `${overview.activeThisWeek} member${overview.activeThisWeek === 1 ? "" : "s"} answered this week; the busiest ${overview.mostActive.length} below.`,
    table: {
      id: "active",
      columns: [
        { label: "Member" },
        { label: "Answers", numeric: true },
        { label: "Correct", numeric: true },
        { label: "% correct", numeric: true },
        { label: "Points", numeric: true },
      ],
      rows: overview.mostActive.map((member) => [
        cell(member.name, { href: memberPath(scope, member.memberId) }),
        cell(member.answered),
        cell(member.correct),
        cell(percent(member.correct, member.answered)),
        cell(member.points),
      ]),
    },
  };
}

function groupsSection(overview: WorkspaceOverview): Section {
  return {
    heading: "Groups and their boards",
    note: "Active members per week on each group's board.",
    chart: lineChart(
      "Active members per week, by group",
      weeksOf(overview).map(shortWeek),
      overview.groups.slice(0, 6).map((group) => ({
        name: groupLabel(group),
        values: group.weeks.map((week) => week.active),
      })),
    ),
    table: {
      id: "groups",
      columns: [
        { label: "Group" },
        { label: "Members", numeric: true },
        { label: "Active this week", numeric: true },
        { label: "Answers this week", numeric: true },
        { label: "% correct this week", numeric: true },
      ],
      rows: overview.groups.map((group) => {
        const week = group.weeks.at(-1);
        return [
          cell(groupLabel(group)),
          cell(group.members),
          cell(week?.active ?? 0),
          cell(week?.answered ?? 0),
          cell(percent(week?.correct ?? 0, week?.answered ?? 0)),
        ];
      }),
    },
  };
}

function weeksSection(overview: WorkspaceOverview): Section {
  const server = overview.groups.find((group) => group.kind === "workspace");
  const weeks = server?.weeks ?? [];
  return {
    heading: "Answers per week on the whole server",
    chart: barChart(
      "Answers and correct answers per week",
      weeks.map((week) => shortWeek(week.week)),
      [
        { name: "answers", values: weeks.map((week) => week.answered) },
        { name: "correct", values: weeks.map((week) => week.correct) },
      ],
    ),
    table: {
      id: "weeks",
      columns: [
        { label: "Week" },
        { label: "Active members", numeric: true },
        { label: "Answers", numeric: true },
        { label: "Correct", numeric: true },
        { label: "Points", numeric: true },
      ],
      rows: weeks.map((week) => [
        cell(week.week),
        cell(week.active),
        cell(week.answered),
        cell(week.correct),
        cell(week.points),
      ]),
    },
  };
}

function dailySection(overview: WorkspaceOverview): Section {
  const quizzes = [...overview.dailyQuizzes].reverse();
  return {
    heading: "Daily quizzes",
    note: "The latest daily quiz posts and who took part.",
    ...(quizzes.length > 0
      ? {
          chart: barChart(
            "Participants per daily quiz",
            quizzes.map((quiz) => quiz.postedAt.toISOString().slice(5, 10)),
            [{ name: "participants", values: quizzes.map((quiz) => quiz.participants) }],
          ),
        }
      : {}),
    table: {
      id: "daily",
      columns: [
        { label: "Posted (UTC)" },
        { label: "Channel" },
        { label: "Questions", numeric: true },
        { label: "Participants", numeric: true },
        { label: "Answers", numeric: true },
        { label: "% correct", numeric: true },
      ],
      rows: overview.dailyQuizzes.map((quiz) => [
        cell(quiz.postedAt.toISOString().slice(0, 16).replace("T", " ")),
        cell(`#${quiz.channelId}`),
        cell(quiz.questions),
        cell(quiz.participants),
        cell(quiz.answers),
        cell(percent(quiz.correct, quiz.answers)),
      ]),
    },
  };
}

/** "2026-W49" as "W49" under a chart. */
function shortWeek(week: string): string {
  return week.slice(5);
}
