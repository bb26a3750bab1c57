import type { ChannelPresence } from "../ports/chat-platform.js";

/** One member's figures in a round, as the store sums them. */
export interface RoundStanding {
  readonly userId: number;
  readonly displayName: string;
  readonly points: number;
  readonly correct: number;
  readonly answered: number;
  readonly totalResponseMs: number;
}

/**
 * Ranks a round's members: more points first, then more correct answers, then the smaller total
 * response time, then the lower user id, so the same answers always give the same table. Equal
 * figures on every count share a rank.
 */
export function rankStandings(rows: readonly RoundStanding[]): (RoundStanding & { rank: number })[] {
  const sorted = [...rows].sort(
    (a, b) =>
      b.points - a.points ||
      b.correct - a.correct ||
      a.totalResponseMs - b.totalResponseMs ||
      a.userId - b.userId,
  );
  let rank = 0;
  return sorted.map((row, index) => {
    const previous = sorted[index - 1];
    const tied =
      previous !== undefined &&
      previous.points === row.points &&
      previous.correct === row.correct &&
      previous.totalResponseMs === row.totalResponseMs;
    if (!tied) rank = index + 1;
    return { ...row, rank };
  });
}

/**
 * Whether a question of an interactive round can close before its timer. In first-correct mode the first
 * right answer closes it. In everyone mode it closes once everyone present has answered: `present` is how
 * many members are taken to be here and `presentAnswered` how many of them answered this question (see
 * `groupsToCheck` for question 1; later, everyone who answered any question of the round). When nobody is
 * known to be present the question runs its time.
 */
export function closesEarly(input: {
  readonly mode: "everyone" | "first_correct";
  readonly answerWasCorrect: boolean;
  readonly presentAnswered: number;
  readonly present: number;
}): boolean {
  if (input.mode === "first_correct") return input.answerWasCorrect;
  return input.present > 0 && input.presentAnswered >= input.present;
}

/** What is known, as an everyone round's first question opens, of who is here to answer it. */
export interface FirstQuestionPresence {
  /** Members of the channel's previous round (store ids); empty in a channel that never played. */
  readonly previousRound: readonly number[];
  /** Who started this round (store id), when a member did. */
  readonly starter: number | null;
  /** The channel as its platform sees it, asked once as question 1 opens. */
  readonly channel: ChannelPresence;
}

/**
 * A group taken as present on question 1: once every one of them has answered it, it closes. Members are
 * named by store id (the previous round's) or by platform id (the channel's); `anyone` is a headcount that
 * any answer counts towards (a platform that only knows how many could answer).
 */
export type PresentGroup =
  | { readonly among: "user_ids"; readonly ids: readonly number[] }
  | { readonly among: "platform_ids"; readonly ids: readonly string[] }
  | { readonly among: "anyone"; readonly size: number };

/**
 * The groups an answer to question 1 may complete. Before anyone has answered, two things tell who is
 * here, and question 1 closes as soon as either group has answered in full:
 * - the channel's members as its platform reports them (Slack's member list, the console's joined members,
 *   Discord's member count), so a member playing alone, or a whole channel, need not wait out the timer;
 * - the previous round's members plus the starter, in a channel that played before, so a regular group in
 *   a bigger channel need not either. A newcomer's answer does not hold that group open.
 * Without either (counting only who has answered so far closed the question after the starter and one
 * other, cutting off slower members: issue 15) question 1 runs its time. An answer from outside a group
 * cannot complete it, so that group is not checked, and a new channel's crowd costs no query.
 */
export function groupsToCheck(
  presence: FirstQuestionPresence,
  answerer: { readonly userId: number; readonly platformId: string },
): PresentGroup[] {
  const groups: PresentGroup[] = [];
  const { channel } = presence;
  if (channel.kind === "members" && channel.ids.includes(answerer.platformId)) {
    groups.push({ among: "platform_ids", ids: channel.ids });
  }
  if (channel.kind === "at_most" && channel.count > 0) groups.push({ among: "anyone", size: channel.count });
  if (presence.previousRound.length > 0) {
    const regulars = new Set(presence.previousRound);
    if (presence.starter !== null) regulars.add(presence.starter);
    if (regulars.has(answerer.userId)) groups.push({ among: "user_ids", ids: [...regulars] });
  }
  return groups;
}

/** How many members a group stands for. */
export function groupSize(group: PresentGroup): number {
  return group.among === "anyone" ? group.size : group.ids.length;
}

/** A round with no answers for this many questions in a row stops by itself. */
export const inactiveQuestionLimit = 2;
