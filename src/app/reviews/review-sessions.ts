import type { ChatUser, Place, Responder } from "../../domain/ports/chat-platform.js";
import type { Clock } from "../../domain/ports/clock.js";
import type { ParameterStore } from "../../domain/ports/parameter-store.js";
import type { ReviewSession, ReviewStorage } from "../../domain/ports/review-store.js";
import type { View } from "../../domain/ports/views/index.js";
import { checkAnswer } from "../../domain/questions/check-answer.js";
import type { AnswerResponse } from "../../domain/questions/question.js";
import { gradeFromAnswer, isReviewGrade } from "../../domain/reviews/grading.js";
import { buildQueue } from "../../domain/reviews/review-queue.js";
import { type ReviewSettings, timeZoneOf } from "../../domain/reviews/review-settings.js";
import { isAway, isOver } from "../../domain/reviews/vacation.js";
import { localDateTime, startOfLocalDay } from "../../domain/time/local-time.js";
import { cardView, correctAnswer, givenAnswer } from "./card-view.js";
import { returnFromVacation } from "./vacation-return.js";

/** Most cards one session serves; the rest wait for the next `/review`. */
export const maxCardsPerSession = 50;

/** What a handler needs from an event: who, where, and how to answer. */
export interface Actor {
  readonly user: ChatUser;
  readonly place: Place;
  readonly reply: Responder;
}

const stale: View = { kind: "notice", notice: { code: "unknown_action" } };

/**
 * The `/review` flow: start or resume a private session, answer or reveal a card, grade it, pause.
 * Every step reads the session from the store, so any process can serve the next press after a restart.
 */
export class ReviewSessions {
  constructor(
    private readonly store: ReviewStorage,
    private readonly parameters: ParameterStore,
    private readonly clock: Clock,
  ) {}

  /** `/review` and the reminder's button: resume an open session, else start one with what is due. */
  async start(actor: Actor): Promise<void> {
    const now = this.clock.now();
    const userId = await this.store.members.userIdOf(actor.user);
    const settings = await this.settingsBack(userId, now);
    if (isAway(settings.vacation, now)) {
      await actor.reply.private({
        kind: "review_summary",
        outcome: "on_vacation",
        reviewed: 0,
        again: 0,
        remaining: 0,
        nextDue: settings.vacation?.until ?? null,
        timeZone: timeZoneOf(settings),
      });
      return;
    }
    const open = await this.store.sessions.openSession(userId, actor.user.platform);
    if (open && open.position < open.questionIds.length) {
      // Resuming starts the response time of the current card afresh.
      await this.store.sessions.setStatus(open.id, "active", now);
      await actor.reply.private(await this.showCard({ ...open, updatedAt: now }));
      return;
    }
    if (open) await this.store.sessions.setStatus(open.id, "finished", now);
    const zone = timeZoneOf(settings);
    const [due, unseen, introducedToday] = await Promise.all([
      this.store.cards.dueCards(userId, now, maxCardsPerSession),
      this.store.cards.unseenQuestions(userId, Math.min(settings.newCardsPerDay, maxCardsPerSession)),
      this.store.cards.introducedSince(userId, startOfLocalDay(localDateTime(now, zone).date, zone)),
    ]);
    const queue = buildQueue(
      { due, unseen, newCardsPerDay: settings.newCardsPerDay, introducedToday, maxCards: maxCardsPerSession },
      now,
    );
    if (queue.questionIds.length === 0) {
      const nextDue = (await this.store.cards.nextDue(userId)) ?? null;
      await actor.reply.private({
        kind: "review_summary",
        outcome: "nothing_due",
        reviewed: 0,
        again: 0,
        remaining: 0,
        nextDue,
        timeZone: zone,
      });
      return;
    }
    const session = await this.store.sessions.createSession(userId, actor.user.platform, queue, now);
    await actor.reply.private(await this.showCard(session));
  }

  /** The member's settings; a vacation whose end has passed is ended first, its backlog spread. */
  private async settingsBack(userId: number, now: Date): Promise<ReviewSettings> {
    const settings = await this.store.settings.settings(userId);
    if (!isOver(settings.vacation, now)) return settings;
    await returnFromVacation(this.store, this.parameters, userId, now);
    return this.store.settings.settings(userId);
  }

  /** A choice or True/False pressed: reveal right or wrong and offer the grades, the implied one first. */
  async answer(actor: Actor, sessionId: number, position: number, value: string): Promise<void> {
    const session = await this.ownSession(actor, sessionId, position);
    if (!session) return actor.reply.private(stale);
    const found = await this.questionAt(session);
    if (!found) return actor.reply.private(stale);
    const { question, seconds } = found;
    const response: AnswerResponse =
      value === "t" || value === "f"
        ? { type: "truefalse", value: value === "t" }
        : { type: "choice", index: Number(value) };
    const verdict = checkAnswer(question, response);
    const now = this.clock.now();
    const suggested =
      question.kind === "challenge"
        ? undefined
        : gradeFromAnswer({
            kind: question.kind,
            correct: verdict.correct,
            responseMs: Math.max(0, now.getTime() - session.updatedAt.getTime()),
            seconds,
          });
    await actor.reply.update(
      await this.revealed(
        session,
        {
          correctAnswer: correctAnswer(question, session.id),
          explanation: question.explanation,
          ...(question.reference ? { reference: question.reference } : {}),
          given: givenAnswer(question, session.id, value),
          correct: verdict.correct,
        },
        suggested,
        now,
      ),
    );
  }

  /** "Show answer" on a card recalled in the head (text, output and multi questions). */
  async show(actor: Actor, sessionId: number, position: number): Promise<void> {
    const session = await this.ownSession(actor, sessionId, position);
    if (!session) return actor.reply.private(stale);
    const found = await this.questionAt(session);
    if (!found) return actor.reply.private(stale);
    const { question } = found;
    await actor.reply.update(
      await this.revealed(
        session,
        {
          correctAnswer: correctAnswer(question, session.id),
          explanation: question.explanation,
          ...(question.reference ? { reference: question.reference } : {}),
        },
        undefined,
        this.clock.now(),
      ),
    );
  }

  /** A grade pressed: schedule the card and show the next one, or the summary after the last. */
  async grade(actor: Actor, sessionId: number, position: number, grade: number): Promise<void> {
    if (!isReviewGrade(grade)) return actor.reply.private(stale);
    const session = await this.ownSession(actor, sessionId, position);
    const questionId = session?.questionIds[position];
    if (!session || questionId === undefined) return actor.reply.private(stale);
    const now = this.clock.now();
    const graded = await this.store.sessions.gradeInSession(
      {
        userId: session.userId,
        questionId,
        grade,
        at: now,
        source: "review",
        platform: actor.place.platform,
        workspaceId: actor.place.workspaceId,
      },
      session.id,
      position,
    );
    if (!graded) return actor.reply.private(stale);
    const moved = graded.session;
    if (moved.position < moved.questionIds.length) {
      await actor.reply.update(await this.showCard(moved));
      return;
    }
    await this.store.sessions.setStatus(moved.id, "finished", now);
    await actor.reply.update(await this.summary(moved, "finished", now));
  }

  async pause(actor: Actor, sessionId: number): Promise<void> {
    const session = await this.store.sessions.session(sessionId);
    const userId = await this.store.members.userIdOf(actor.user);
    if (!session || session.userId !== userId || session.status === "finished")
      return actor.reply.private(stale);
    const now = this.clock.now();
    await this.store.sessions.setStatus(session.id, "paused", now);
    await actor.reply.update(await this.summary(session, "paused", now));
  }

  private async summary(session: ReviewSession, outcome: "finished" | "paused", now: Date): Promise<View> {
    const [tally, nextDue, settings] = await Promise.all([
      this.store.sessions.sessionTally(session, now),
      this.store.cards.nextDue(session.userId),
      this.store.settings.settings(session.userId),
    ]);
    return {
      kind: "review_summary",
      outcome,
      reviewed: tally.reviewed,
      again: tally.again,
      remaining: session.questionIds.length - session.position,
      nextDue: nextDue ?? null,
      timeZone: timeZoneOf(settings),
    };
  }

  private async showCard(session: ReviewSession): Promise<View> {
    const found = await this.questionAt(session);
    if (!found) {
      // The question vanished from the catalogue (a pack was removed): skip it rather than strand the session.
      const moved = await this.store.sessions.advance(session.id, session.position, this.clock.now());
      if (moved && moved.position < moved.questionIds.length) return this.showCard(moved);
      return this.summary(moved ?? session, "finished", this.clock.now());
    }
    return cardView({ session, question: found.question, isNew: session.position >= session.dueCount });
  }

  private async revealed(
    session: ReviewSession,
    reveal: Parameters<typeof cardView>[0]["reveal"] & object,
    suggested: ReturnType<typeof gradeFromAnswer> | undefined,
    now: Date,
  ): Promise<View> {
    const questionId = session.questionIds[session.position] ?? "";
    const [found, card, settings, parameters] = await Promise.all([
      this.store.questions.question(questionId),
      this.store.cards.card(session.userId, questionId),
      this.store.settings.settings(session.userId),
      this.parameters.inUse(session.userId),
    ]);
    if (!found) return stale;
    return cardView({
      session,
      question: found.question,
      isNew: session.position >= session.dueCount,
      reveal,
      grading: {
        card,
        now,
        retention: settings.desiredRetention,
        ...(parameters.source === "defaults" ? {} : { weights: parameters.weights }),
        suggested,
      },
    });
  }

  private async questionAt(session: ReviewSession) {
    const questionId = session.questionIds[session.position];
    return questionId === undefined ? undefined : this.store.questions.question(questionId);
  }

  /** The session, if it is the actor's and still at `position`; otherwise the press is stale. */
  private async ownSession(
    actor: Actor,
    sessionId: number,
    position: number,
  ): Promise<ReviewSession | undefined> {
    const session = await this.store.sessions.session(sessionId);
    if (!session || session.status === "finished" || session.position !== position) return undefined;
    const userId = await this.store.members.userIdOf(actor.user);
    return session.userId === userId ? session : undefined;
  }
}
