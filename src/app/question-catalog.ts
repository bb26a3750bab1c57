import type { Pack, Question } from "../domain/questions/question.js";

/** The loaded packs, by id, in memory: questions are read on every answer and never change while running. */
export class QuestionCatalog {
  private readonly byId = new Map<string, Question>();
  private readonly packsById = new Map<string, Pack>();

  constructor(packs: readonly Pack[]) {
    for (const pack of packs) {
      this.packsById.set(pack.id, pack);
      for (const question of pack.questions) this.byId.set(question.id, question);
    }
  }

  question(id: string): Question | undefined {
    return this.byId.get(id);
  }

  pack(id: string): Pack | undefined {
    return this.packsById.get(id);
  }

  packs(): readonly Pack[] {
    return [...this.packsById.values()];
  }

  questions(): readonly Question[] {
    return [...this.byId.values()];
  }

  /** Pack ids and topic tags, for autocomplete and error messages. */
  topics(): string[] {
    const topics = new Set<string>();
    for (const pack of this.packsById.values()) topics.add(pack.id);
    for (const question of this.byId.values()) for (const tag of question.tags) topics.add(tag);
    return [...topics].sort();
  }
}
