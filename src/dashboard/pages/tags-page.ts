import type { TagMastery } from "../../domain/ports/dashboard-store.js";
import { horizontalBars } from "../charts.js";
import { percent } from "../html.js";
import { cell, type Page } from "../page.js";

/** Mean recall below which a tag is drawn as fading: FSRS schedules reviews at 90 %, so 70 % is well past due. */
const fadingBelow = 0.7;

/** The group's mastery per tag, weakest first: what to teach or review next. */
export function tagsPage(tags: readonly TagMastery[]): Page {
  return {
    title: "Mastery by tag",
    sections: [
      {
        heading: "Mean predicted recall now",
        note: "From the members' review cards (FSRS): the chance they would recall a card of the tag today, averaged. Orange: below 70 %.",
        ...(tags.length > 0
          ? {
              chart: horizontalBars(
                "Mean predicted recall per tag",
                tags.slice(0, 25).map((tag) => ({
                  label: tag.tag,
                  share: tag.meanRecall,
                  text: `${percent(tag.meanRecall, 1)} %`,
                  flagged: tag.meanRecall < fadingBelow,
                })),
              ),
            }
          : {}),
        table: {
          id: "tags",
          columns: [
            { label: "Tag" },
            { label: "Cards", numeric: true },
            { label: "Members", numeric: true },
            { label: "Mean recall %", numeric: true },
          ],
          rows: tags.map((tag) => [
            cell(tag.tag),
            cell(tag.cards),
            cell(tag.members),
            cell(percent(tag.meanRecall, 1), { flagged: tag.meanRecall < fadingBelow }),
          ]),
        },
      },
    ],
  };
}
