import { access } from "node:fs/promises";
import path from "node:path";
import type { Pack } from "../../domain/questions/question.js";
import { judgeQuestion, packCounts, TARGET_PERCENT } from "../../packs/tools/pack-stats.js";
import {
  type QuestionAnswerStats,
  questionAnswerStats,
} from "../../storage/answers/question-answer-stats.js";
import { openStorage } from "../../storage/database.js";
import { type CliContext, UsageError } from "../command.js";
import { stringOption } from "./pack.js";
import { loadOnePack } from "./pack-export.js";

/**
 * `quizbot pack stats PACK`: counts by kind, tag and difficulty, and with a database (DATABASE_URL, or
 * the embedded one when its folder exists) each answered question's answers, % correct and median time,
 * flagged when far from the ~70 % correct that makes a good quiz question.
 */
export async function packStats(context: CliContext, args: readonly string[]): Promise<number> {
  const [name, ...extra] = args;
  if (name === undefined || extra.length > 0) throw new UsageError("pack stats expects one PACK");
  const pack = await loadOnePack(context, name);
  if (pack === undefined) return 2;
  const answers = await answerFigures(context, pack);
  const counts = packCounts(pack);
  const json = context.values.json === true;
  if (json) {
    context.stdout.write(
      `${JSON.stringify({
        pack: pack.id,
        questions: counts.questions,
        byKind: Object.fromEntries(counts.byKind),
        byTag: Object.fromEntries(counts.byTag),
        byDifficulty: Object.fromEntries(counts.byDifficulty),
        database: answers.source,
        answers: answers.rows.map((row) => ({ ...row, verdict: judgeQuestion(row.answers, row.correct) })),
      })}\n`,
    );
    return 0;
  }
  const list = (map: ReadonlyMap<unknown, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
      .map(([key, count]) => `${key} ${count}`)
      .join(", ");
  const lines = [
    `${pack.id}: ${counts.questions} questions`,
    `  by kind:       ${list(counts.byKind)}`,
    `  by difficulty: ${[1, 2, 3].map((level) => `${level} ${counts.byDifficulty.get(level as 1) ?? 0}`).join(", ")}`,
    `  by tag:        ${list(counts.byTag)}`,
    "",
    ...describeAnswers(pack, answers),
  ];
  context.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

interface AnswerFigures {
  /** `postgres`, `embedded` or undefined when there is no database to read. */
  readonly source: "postgres" | "embedded" | undefined;
  readonly rows: readonly QuestionAnswerStats[];
}

async function answerFigures(context: CliContext, pack: Pack): Promise<AnswerFigures> {
  const databaseUrl = context.env.DATABASE_URL?.trim() || undefined;
  const dataDir = stringOption(context, "data-dir") ?? (context.env.DATA_DIR?.trim() || "./data");
  if (databaseUrl === undefined) {
    const exists = await access(path.join(dataDir, "pglite")).then(
      () => true,
      () => false,
    );
    if (!exists) return { source: undefined, rows: [] };
  }
  const database = await openStorage({ databaseUrl, dataDir, poolSize: 1 });
  try {
    const rows = await questionAnswerStats(
      database.db,
      pack.questions.map((question) => question.id),
    );
    return { source: database.kind === "postgres" ? "postgres" : "embedded", rows };
  } finally {
    await database.close();
  }
}

function describeAnswers(pack: Pack, figures: AnswerFigures): string[] {
  if (figures.source === undefined) {
    return ["no database (set DATABASE_URL, or --data-dir where the embedded one is): no answer figures"];
  }
  const byId = new Map(figures.rows.map((row) => [row.questionId, row]));
  const target = TARGET_PERCENT;
  const lines = [`answers (${figures.source} database; a good question is about ${target} % correct):`];
  const unanswered: string[] = [];
  for (const question of pack.questions) {
    const row = byId.get(question.id);
    if (row === undefined) {
      unanswered.push(question.id);
      continue;
    }
    const verdict = judgeQuestion(row.answers, row.correct);
    const percent = Math.round((100 * row.correct) / row.answers);
    const flag =
      verdict === "too easy" || verdict === "too hard"
        ? `  <- ${verdict}`
        : verdict === "good"
          ? ""
          : `  (${verdict})`;
    lines.push(
      `  ${question.id.padEnd(40)} ${String(row.answers).padStart(5)} answers ${String(percent).padStart(3)} % correct  median ${(row.medianMs / 1000).toFixed(1)} s${flag}`,
    );
  }
  lines.push(`  ${unanswered.length} of ${pack.questions.length} questions never answered`);
  return lines;
}
