import { and, eq, isNull } from "drizzle-orm";
import type { QuestionSource, StoredQuestion } from "../../domain/ports/question-source.js";
import type { Question } from "../../domain/questions/question.js";
import type { Db } from "../database.js";
import { packs, questions } from "../schema/index.js";

/** Questions as `syncPacks` stored them; a retired question (out of its pack) is not found. */
export class DrizzleQuestionSource implements QuestionSource {
  constructor(private readonly db: Db) {}

  async question(questionId: string): Promise<StoredQuestion | undefined> {
    const [row] = await this.db
      .select({ content: questions.content, packSeconds: packs.secondsPerQuestion })
      .from(questions)
      .innerJoin(packs, eq(packs.id, questions.packId))
      .where(and(eq(questions.id, questionId), isNull(questions.retiredAt)));
    if (!row) return undefined;
    const question = row.content as Question;
    return { question, seconds: question.seconds ?? row.packSeconds };
  }
}
