import { sql } from "drizzle-orm";
import { questions, reviewCards } from "../schema/index.js";

/**
 * A card counts (due, forecast, next due) only while its question is in a pack. The card of a question
 * taken out of its pack keeps its schedule, for when the question comes back. Retired questions are few,
 * so this is a probe of the questions' primary key per card the (user, due) index range yields.
 */
export const questionInPack = sql`not exists (select 1 from ${questions} where ${questions.id} = ${reviewCards.questionId} and ${questions.retiredAt} is not null)`;
