import type { Place } from "../../src/domain/ports/chat-platform.js";
import type { RoundStorage } from "../../src/domain/ports/round-store.js";
import type { AnswerHook } from "../../src/storage/answer-hooks.js";
import type { Db } from "../../src/storage/database.js";
import { syncPacks } from "../../src/storage/repositories/questions.js";
import { drizzleRoundStorage } from "../../src/storage/rounds/index.js";
import { choiceQuestion, testPack } from "../support/questions.js";

const positionsPerRound = 50;
const farFuture = new Date("2100-01-01T00:00:00Z");

interface ChannelState {
  roundId: number;
  position: number;
  roundQuestionId: number;
  answered: Set<string>;
}

/**
 * Records answers through the real answer path (the answer store's recordAnswer with the hooks), the way
 * the live bot does, opening rounds and questions in each channel as needed so that any member can
 * answer at any instant.
 */
export class AnswerDriver {
  readonly store: RoundStorage;
  private readonly channels = new Map<string, ChannelState>();

  private constructor(db: Db, hooks: readonly AnswerHook[]) {
    this.store = drizzleRoundStorage(db, hooks);
  }

  static async create(db: Db, hooks: readonly AnswerHook[]): Promise<AnswerDriver> {
    await syncPacks(db, [testPack([choiceQuestion("q1"), choiceQuestion("q2")])]);
    return new AnswerDriver(db, hooks);
  }

  async answer(
    place: Place,
    member: { readonly id: string; readonly displayName?: string },
    answer: { readonly correct: boolean; readonly points: number; readonly at: Date },
  ): Promise<void> {
    const channel = await this.questionFor(place, member.id);
    const recorded = await this.store.answers.recordAnswer({
      roundQuestionId: channel.roundQuestionId,
      user: { platform: place.platform, id: member.id, displayName: member.displayName ?? member.id },
      questionId: "q1",
      response: { type: "choice", index: answer.correct ? 1 : 0 },
      correct: answer.correct,
      points: answer.points,
      responseMs: 1000,
      answeredAt: answer.at,
    });
    if (!recorded.ok) throw new Error(`answer refused: ${recorded.error}`);
    channel.answered.add(member.id);
  }

  private async questionFor(place: Place, memberId: string): Promise<ChannelState> {
    const key = `${place.platform}/${place.workspaceId}/${place.channelId}`;
    let channel = this.channels.get(key);
    if (channel && !channel.answered.has(memberId)) return channel;
    if (!channel || channel.position + 1 >= positionsPerRound) {
      if (channel) await this.store.lifecycle.finishRound(channel.roundId, "finished", "done", farFuture);
      const created = await this.store.rounds.createRound({
        place,
        kind: "round",
        mode: "everyone",
        startedBy: null,
        packId: "test-pack",
        topic: null,
        secondsPerQuestion: 20,
        seed: 1,
        questions: Array.from({ length: positionsPerRound }, () => ({ questionId: "q1", optionOrder: null })),
      });
      if (!created.ok) throw new Error(`round refused: ${created.error}`);
      channel = { roundId: created.value.id, position: -1, roundQuestionId: 0, answered: new Set() };
      this.channels.set(key, channel);
    }
    channel.position += 1;
    const opened = await this.store.lifecycle.openQuestion(
      channel.roundId,
      channel.position,
      new Date(0),
      farFuture,
    );
    if (!opened) throw new Error("question not opened");
    channel.roundQuestionId = opened.question.id;
    channel.answered = new Set();
    return channel;
  }
}
