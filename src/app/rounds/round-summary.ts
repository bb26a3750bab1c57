import type { RoundStorage } from "../../domain/ports/round-store.js";
import type { RoundSummaryView } from "../../domain/ports/views/index.js";
import { rankStandings } from "../../domain/rounds/standings.js";

/** The end-of-round table and per-question figures of a finished round, from what the store holds. */
export async function roundSummaryView(
  store: Pick<RoundStorage, "rounds" | "answers">,
  roundId: number,
): Promise<RoundSummaryView | undefined> {
  const round = await store.rounds.getRound(roundId);
  if (!round) return undefined;
  const records = await store.rounds.listRoundQuestions(round.id);
  const questions = await Promise.all(
    records
      .filter((record) => record.openedAt !== null)
      .map(async (record) => {
        const answers = await store.answers.questionAnswers(record.id);
        return {
          position: record.position,
          answeredCount: answers.length,
          correctCount: answers.filter((answer) => answer.correct).length,
        };
      }),
  );
  const rows = rankStandings(await store.answers.standings(round.id));
  const reason = round.stopReason;
  return {
    kind: "round_summary",
    roundId: round.id,
    daily: round.kind === "daily",
    outcome: reason === "inactive" ? "inactive" : reason === "completed" ? "finished" : "stopped",
    rows: rows.map((row) => ({
      rank: row.rank,
      displayName: row.displayName,
      points: row.points,
      correct: row.correct,
      answered: row.answered,
    })),
    questions,
    questionCount: round.questionCount,
  };
}
