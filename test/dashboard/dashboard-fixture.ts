import { type DashboardServer, startDashboardServer } from "../../src/dashboard/dashboard-server.js";
import type { Place } from "../../src/domain/ports/chat-platform.js";
import type { DashboardStore } from "../../src/domain/ports/dashboard-store.js";
import { DrizzleDashboardSessionStore } from "../../src/storage/dashboard/drizzle-dashboard-session-store.js";
import { DrizzleDashboardStore } from "../../src/storage/dashboard/drizzle-dashboard-store.js";
import { questionFiguresHook } from "../../src/storage/dashboard/question-figures.js";
import type { Db } from "../../src/storage/database.js";
import { storageFailureCode } from "../../src/storage/errors.js";
import { leaderboardAnswerHook } from "../../src/storage/leaderboards/answer-hook.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { reviewAnswerHook } from "../../src/storage/reviews/review-answer-hook.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { choiceQuestion, testPack } from "../support/questions.js";

/** The instant the dashboard tests look from: Wednesday of ISO week 2026-W49. */
export const now = new Date("2026-12-02T12:00:00Z");
export const guildA: Place = { platform: "discord", workspaceId: "100000000000000001", channelId: "200001" };
export const guildB: Place = { platform: "discord", workspaceId: "100000000000000002", channelId: "200002" };

/** Question id -> how many of the ten members of guild A answer it right (wrong ones pick option 2). */
export const rightAnswers = { "q-easy": 10, "q-mid": 7, "q-hard": 2 } as const;
export const members = Array.from({ length: 10 }, (_, index) => ({
  id: `30000${index}`,
  displayName: `Member ${index}`,
}));

/**
 * The real dashboard server on `db`, its figures (unless `store` stands in for them) and its sessions
 * both there, on a free port of 127.0.0.1. `baseUrl` is DASHBOARD_URL (default: plain http, no proxy).
 */
export function startTestDashboard(
  db: Db,
  options: {
    readonly secret: string;
    readonly baseUrl?: string;
    readonly now?: () => Date;
    readonly cacheMs?: number;
    readonly store?: DashboardStore;
  },
): Promise<DashboardServer> {
  return startDashboardServer({
    store: options.store ?? new DrizzleDashboardStore(db),
    sessions: new DrizzleDashboardSessionStore(db),
    secret: options.secret,
    baseUrl: options.baseUrl ?? "http://127.0.0.1",
    port: 0,
    host: "127.0.0.1",
    ...(options.now ? { now: options.now } : {}),
    ...(options.cacheMs === undefined ? {} : { cacheMs: options.cacheMs }),
    // As the composition wires it (src/main.ts).
    classifyFailure: storageFailureCode,
  });
}

/**
 * Opens a signed link on `server` as a browser would (whatever host the link names: the test stands in
 * for the proxy): the status of the one-use exchange and, when it succeeded, the session cookie it set
 * and the page it sends on to.
 */
export async function enterLink(
  server: DashboardServer,
  link: string,
): Promise<{ status: number; cookie?: string; home?: string }> {
  const { pathname, search } = new URL(link);
  const response = await fetch(`${server.url}${pathname}${search}`);
  if (response.status !== 200) return { status: response.status };
  const cookie = response.headers.get("set-cookie")?.split(";")[0];
  const home = /url=([^"]+)"/.exec(await response.text())?.[1];
  return { status: 200, ...(cookie ? { cookie } : {}), ...(home ? { home } : {}) };
}

/**
 * A server whose ten members played one round of three questions (all right, 7 of 10, 2 of 10) and a
 * daily quiz of one question, through the real answer path and its hooks; and another server with one
 * member, whose answers must never show on the first one's pages.
 */
export async function seedDashboard(db: Db): Promise<void> {
  await syncPacks(db, [
    testPack([
      choiceQuestion("q-easy", { tags: ["asyncio"], prompt: "What does await do?" }),
      choiceQuestion("q-mid", { tags: ["asyncio", "threading"] }),
      choiceQuestion("q-hard", { tags: ["gil"] }),
    ]),
  ]);
  const store = drizzleRoundStorage(db, [
    leaderboardAnswerHook({ defaultTimeZone: "UTC" }),
    reviewAnswerHook(),
    questionFiguresHook(),
  ]);
  const started = new Date("2026-12-01T10:00:00Z");
  await playRound(
    store,
    guildA,
    "round",
    started,
    members,
    (questionId, index) => index < rightAnswers[questionId],
  );
  await playRound(store, guildA, "daily", new Date("2026-12-02T08:00:00Z"), members.slice(0, 4), () => true, [
    "q-mid",
  ]);
  await playRound(store, guildB, "round", started, [{ id: "900001", displayName: "Outsider" }], () => true);
}

/**
 * Five earlier weeks of play in guild A, in its first channel and a second one, with more players each
 * week: the history the README's screenshots show (the tests' figures are for the current week only).
 */
export async function seedHistory(db: Db): Promise<void> {
  const store = drizzleRoundStorage(db, [
    leaderboardAnswerHook({ defaultTimeZone: "UTC" }),
    reviewAnswerHook(),
    questionFiguresHook(),
  ]);
  const crowd = Array.from({ length: 24 }, (_, index) => ({
    id: `31000${index}`,
    displayName: `Learner ${index}`,
  }));
  for (let weeksBack = 5; weeksBack >= 1; weeksBack -= 1) {
    const at = new Date(now.getTime() - weeksBack * 7 * 86_400_000 - 86_400_000);
    const players = crowd.slice(0, 24 - weeksBack * 3);
    await playRound(
      store,
      guildA,
      "round",
      at,
      players,
      (_question, index) => (index * 7 + weeksBack) % 10 < 7,
    );
    await playRound(
      store,
      { ...guildA, channelId: "200003" },
      "daily",
      new Date(at.getTime() + 3_600_000),
      players.slice(0, 10 - weeksBack),
      (questionId, index) => questionId !== "q-hard" || index % 3 === 0,
    );
  }
}

type QuestionId = keyof typeof rightAnswers;

async function playRound(
  store: ReturnType<typeof drizzleRoundStorage>,
  place: Place,
  kind: "round" | "daily",
  at: Date,
  players: readonly { id: string; displayName: string }[],
  right: (questionId: QuestionId, index: number) => boolean,
  questionIds: readonly QuestionId[] = ["q-easy", "q-mid", "q-hard"],
): Promise<void> {
  const created = await store.rounds.createRound({
    place,
    kind,
    mode: "everyone",
    startedBy: null,
    packId: "test-pack",
    topic: null,
    secondsPerQuestion: 20,
    seed: 1,
    questions: questionIds.map((questionId) => ({ questionId, optionOrder: null })),
  });
  if (!created.ok) throw new Error(`round refused: ${created.error}`);
  for (const [position, questionId] of questionIds.entries()) {
    const openedAt = new Date(at.getTime() + position * 30_000);
    const opened = await store.lifecycle.openQuestion(
      created.value.id,
      position,
      openedAt,
      new Date(openedAt.getTime() + 20_000),
    );
    if (!opened) throw new Error("question not opened");
    for (const [index, player] of players.entries()) {
      const correct = right(questionId, index);
      const responseMs = 1000 + index * 500;
      const recorded = await store.answers.recordAnswer({
        roundQuestionId: opened.question.id,
        user: { platform: place.platform, id: player.id, displayName: player.displayName },
        questionId,
        response: { type: "choice", index: correct ? 1 : 2 },
        correct,
        points: correct ? 100 : 0,
        responseMs,
        answeredAt: new Date(openedAt.getTime() + responseMs),
      });
      if (!recorded.ok) throw new Error(`answer refused: ${recorded.error}`);
    }
  }
  await store.lifecycle.finishRound(created.value.id, "finished", "done", new Date(at.getTime() + 600_000));
}
