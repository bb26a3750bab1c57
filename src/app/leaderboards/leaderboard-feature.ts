import { parseGroupName, workspaceWords } from "../../domain/leaderboards/group-name.js";
import { currentPeriodKey, type Period, periods } from "../../domain/leaderboards/periods.js";
import { accuracyMinimumAnswers, type Metric, metrics } from "../../domain/leaderboards/ranking.js";
import type { ButtonEvent, ChatUser, CommandEvent, Place } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { BoardTarget, LeaderboardStore } from "../../domain/ports/leaderboard-store.js";
import type { LeaderboardView } from "../../domain/ports/views/leaderboard.js";
import { localDay } from "../../domain/time/local-time.js";
import type { Feature } from "../feature.js";
import { workspaceOf } from "../groups/groups-feature.js";
import { leaderboardCommands } from "./commands.js";
import {
  type BoardScope,
  parseShareAction,
  type ShareRequest,
  shareAction,
  shareActionPrefix,
} from "./share-action.js";

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
 * `/leaderboard [group] [week|month|all] [metric]`: the top 10 of a group and the caller's own rank,
 * shown privately (checking your rank should not post in the channel), with a "Share in channel" button
 * that posts the same board for everyone, naming who shared it. Without a group it is the channel's
 * board; `server`/`workspace` is the whole server's.
 */
export function leaderboardFeature(deps: LeaderboardFeatureDeps): Feature {
  const minAnswers = deps.minAnswers ?? accuracyMinimumAnswers;

  async function show(event: CommandEvent): Promise<void> {
    const groupOption = typeof event.options.group === "string" ? event.options.group.trim() : "";
    const scope = scopeOf(groupOption);
    if (!scope) {
      await unknownGroup(event, groupOption);
      return;
    }
    const request: ShareRequest = {
      askerId: event.user.id,
      period: pick<Period>(event.options.period, periods, "week"),
      metric: pick<Metric>(event.options.metric, metrics, "points"),
      scope,
    };
    const view = await loadBoard(deps, minAnswers, request, event.place, event.user);
    if (!view) {
      await unknownGroup(event, groupOption);
      return;
    }
    await event.reply.private({ ...view, shareActionId: shareAction(request) });
  }

  async function share(event: ButtonEvent, parts: readonly string[]): Promise<void> {
    const request = parseShareAction(parts);
    if (!request || request.askerId !== event.user.id) {
      await event.reply.private({ kind: "notice", notice: { code: "unknown_action" } });
      return;
    }
    const view = await loadBoard(deps, minAnswers, request, event.place, event.user);
    if (!view) {
      const name = request.scope.kind === "named" ? request.scope.key : "";
      await unknownGroup(event, name);
      return;
    }
    await event.reply.public({ ...view, sharedBy: event.user.displayName });
  }

  return {
    name: "leaderboards",
    declares: leaderboardCommands,
    commands: { leaderboard: show },
    actions: { [shareActionPrefix]: share },
  };
}

async function unknownGroup(event: CommandEvent | ButtonEvent, name: string): Promise<void> {
  await event.reply.private({ kind: "group_outcome", outcome: { code: "unknown_group", name } });
}

/** What the group option names; `undefined` for a name no group could have. */
function scopeOf(groupOption: string): BoardScope | undefined {
  if (groupOption === "") return { kind: "channel" };
  if (workspaceWords.includes(groupOption.toLowerCase())) return { kind: "workspace" };
  const parsed = parseGroupName(groupOption);
  return parsed.ok ? { kind: "named", key: parsed.value.key } : undefined;
}

function targetOf(scope: BoardScope, place: Place): BoardTarget {
  switch (scope.kind) {
    case "channel":
      return { kind: "channel", place };
    case "workspace":
      return { kind: "workspace", workspace: workspaceOf(place) };
    case "named":
      return { kind: "named", workspace: workspaceOf(place), key: scope.key };
  }
}

/** The board as of now, or `undefined` when the group does not exist (any more). */
export async function loadBoard(
  deps: LeaderboardFeatureDeps,
  minAnswers: number,
  request: ShareRequest,
  place: Place,
  caller: ChatUser,
): Promise<LeaderboardView | undefined> {
  const target = targetOf(request.scope, place);
  const group = await deps.leaderboards.findBoardGroup(target, deps.defaultTimeZone);
  if (!group) return undefined;
  const { period, metric } = request;
  const now = deps.clock.now();
  const periodKey = currentPeriodKey(period, now, group.timeZone);
  const board = await deps.leaderboards.board({
    groupId: group.id,
    periodKey,
    metric,
    minAnswers,
    today: localDay(now, group.timeZone),
    limit: topSize,
    caller,
  });
  const listed = board.caller !== undefined && board.top.some((row) => row.userId === board.caller?.userId);
  return {
    kind: "leaderboard",
    group: { kind: group.kind, name: group.name },
    defaulted: request.scope.kind === "channel",
    period,
    periodKey,
    timeZone: group.timeZone,
    metric,
    minAnswers,
    top: board.top.map(({ userId, ...line }) =>
      userId === board.caller?.userId ? { ...line, isCaller: true as const } : line,
    ),
    ...(board.caller && !listed
      ? {
          caller: {
            rank: board.caller.rank,
            displayName: board.caller.displayName,
            points: board.caller.points,
            answered: board.caller.answered,
            correct: board.caller.correct,
            streak: board.caller.streak,
            freezes: board.caller.freezes,
          },
        }
      : {}),
  };
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((candidate) => candidate === value) ?? fallback;
}
