import { parseGroupName, workspaceWords } from "../../domain/leaderboards/group-name.js";
import { localDay } from "../../domain/leaderboards/local-day.js";
import { currentPeriodKey, type Period, periods } from "../../domain/leaderboards/periods.js";
import { accuracyMinimumAnswers, type Metric, metrics } from "../../domain/leaderboards/ranking.js";
import type { CommandEvent } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { BoardTarget, LeaderboardStore } from "../../domain/ports/leaderboard-store.js";
import type { Feature } from "../feature.js";
import { workspaceOf } from "../groups/groups-feature.js";

export interface LeaderboardFeatureDeps {
  readonly leaderboards: LeaderboardStore;
  readonly clock: Clock;
  /** Time zone of a channel or server group created by this command, when the channel has none set. */
  readonly defaultTimeZone: string;
  /** Answers needed to appear on the accuracy board (default 10). */
  readonly minAnswers?: number;
}

const topSize = 10;

/**
 * `/leaderboard [group] [week|month|all] [metric]`: the top 10 of a group and the caller's own rank.
 * Without a group it is the channel's board; `server`/`workspace` is the whole server's.
 */
export function leaderboardFeature(deps: LeaderboardFeatureDeps): Feature {
  const minAnswers = deps.minAnswers ?? accuracyMinimumAnswers;

  async function show(event: CommandEvent): Promise<void> {
    const groupOption = typeof event.options.group === "string" ? event.options.group.trim() : "";
    const period = pick<Period>(event.options.period, periods, "week");
    const metric = pick<Metric>(event.options.metric, metrics, "points");
    let target: BoardTarget;
    if (groupOption === "") {
      target = { kind: "channel", place: event.place };
    } else if (workspaceWords.includes(groupOption.toLowerCase())) {
      target = { kind: "workspace", workspace: workspaceOf(event.place) };
    } else {
      const parsed = parseGroupName(groupOption);
      if (!parsed.ok) {
        await event.reply.private({
          kind: "group_outcome",
          outcome: { code: "unknown_group", name: groupOption },
        });
        return;
      }
      target = { kind: "named", workspace: workspaceOf(event.place), key: parsed.value.key };
    }
    const group = await deps.leaderboards.findBoardGroup(target, deps.defaultTimeZone);
    if (!group) {
      await event.reply.private({
        kind: "group_outcome",
        outcome: { code: "unknown_group", name: groupOption },
      });
      return;
    }
    const now = deps.clock.now();
    const periodKey = currentPeriodKey(period, now, group.timeZone);
    const board = await deps.leaderboards.board({
      groupId: group.id,
      periodKey,
      metric,
      minAnswers,
      today: localDay(now, group.timeZone),
      limit: topSize,
      caller: event.user,
    });
    const listed = board.caller !== undefined && board.top.some((row) => row.userId === board.caller?.userId);
    await event.reply.public({
      kind: "leaderboard",
      group: { kind: group.kind, name: group.name },
      defaulted: groupOption === "",
      period,
      periodKey,
      timeZone: group.timeZone,
      metric,
      minAnswers,
      top: board.top.map(({ userId: _userId, ...line }) => line),
      ...(board.caller && !listed
        ? {
            caller: {
              rank: board.caller.rank,
              displayName: board.caller.displayName,
              points: board.caller.points,
              answered: board.caller.answered,
              correct: board.caller.correct,
              streak: board.caller.streak,
            },
          }
        : {}),
    });
  }

  return { name: "leaderboards", commands: { leaderboard: show } };
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}
