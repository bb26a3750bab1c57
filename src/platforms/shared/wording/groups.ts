import type { GroupNameProblem } from "../../../domain/leaderboards/group-name.js";
import { groupNameLength } from "../../../domain/leaderboards/group-name.js";
import type { GroupListView, GroupOutcome, GroupOutcomeView } from "../../../domain/ports/views/groups.js";
import type { RichMessage, Tone } from "../rich-message.js";
import { memberName } from "./member-name.js";

const problemWords: Readonly<Record<GroupNameProblem, string>> = {
  too_short: `is too short: use ${groupNameLength.min} to ${groupNameLength.max} characters`,
  too_long: `is too long: use at most ${groupNameLength.max} characters`,
  invalid_characters: "may only contain letters, digits, spaces, - and _",
  reserved: "is reserved for the whole server's board (`/leaderboard server`)",
};

export function groupOutcomeText(outcome: GroupOutcome): { text: string; tone: Tone } {
  switch (outcome.code) {
    case "created":
      return {
        text: `${memberName(outcome.by)} created the study group **${outcome.name}**. Join with \`/group join ${outcome.name}\`; see its board with \`/leaderboard ${outcome.name}\`.`,
        tone: "success",
      };
    case "joined":
      return {
        text: `You joined **${outcome.name}**. Your answers from now on count on its board.`,
        tone: "success",
      };
    case "left":
      return { text: `You left **${outcome.name}**.`, tone: "success" };
    case "removed":
      return { text: `The group **${outcome.name}** and its board were removed.`, tone: "success" };
    case "freezes":
      return {
        text: outcome.on
          ? `Streak freezes are on in **${outcome.name}**: 7 days in a row earn one (at most 2), and each covers a missed day.`
          : `Streak freezes are off in **${outcome.name}**: a missed day ends a streak, and freezes held are gone.`,
        tone: "success",
      };
    case "renamed":
      return { text: `**${outcome.from}** is now called **${outcome.to}**.`, tone: "success" };
    case "duplicate_name":
      return {
        text: `A group called **${outcome.name}** already exists here (names ignore upper and lower case). Join it with \`/group join ${outcome.name}\` or pick another name.`,
        tone: "warning",
      };
    case "unknown_group":
      return {
        text: `There is no group called **${outcome.name}** here. See the groups with \`/group list\`.`,
        tone: "warning",
      };
    case "already_member":
      return { text: `You are already in **${outcome.name}**.`, tone: "info" };
    case "not_member":
      return { text: `You are not in **${outcome.name}**, so there is nothing to leave.`, tone: "warning" };
    case "not_owner":
      return {
        text: `Only the member who created **${outcome.name}** can rename or remove it.`,
        tone: "warning",
      };
    case "invalid_name":
      return { text: `That group name ${problemWords[outcome.problem]}.`, tone: "warning" };
  }
}

export function presentGroupOutcome(view: GroupOutcomeView): RichMessage {
  const { text, tone } = groupOutcomeText(view.outcome);
  return { tone, blocks: [{ type: "text", markdown: text }], fallback: text };
}

export function presentGroupList(view: GroupListView): RichMessage {
  if (view.groups.length === 0) {
    const text = "No study groups here yet. Create one with `/group create <name>`.";
    return {
      title: "Study groups",
      tone: "info",
      blocks: [{ type: "text", markdown: text }],
      fallback: text,
    };
  }
  return {
    title: "Study groups",
    tone: "info",
    blocks: [
      {
        type: "table",
        columns: ["Group", "Members", "You"],
        numeric: [1],
        rows: view.groups.map((group) => [
          group.name,
          String(group.members),
          group.owned ? "owner" : group.joined ? "member" : "",
        ]),
      },
    ],
    footer: "Join with /group join <name> · boards with /leaderboard <name>",
    fallback: `Study groups: ${view.groups.map((group) => group.name).join(", ")}`,
  };
}
