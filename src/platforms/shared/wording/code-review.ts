import type { ReviewedTopic } from "../../../domain/ports/code-reviewer.js";
import type {
  ReviewFindingView,
  ReviewSection,
  SnippetCardsView,
  SnippetReviewView,
} from "../../../domain/ports/views/snippets.js";
import type { Block, RichMessage } from "../rich-message.js";
import { memberName } from "./member-name.js";

/** The review's rule groups by name, as "No concurrency problems found. Checked: ..." lists them. */
export const reviewedTopicNames: Readonly<Record<ReviewedTopic, string>> = {
  shared_state: "shared state and locks",
  threads: "thread start/join",
  asyncio: "asyncio blocking calls, tasks and awaits",
  process_pools: "process pools and the main guard",
  queues: "queues and sentinels",
  futures: "futures",
  sockets: "sockets",
};

/** The Review section under a run, a challenge result or a review-only reply. */
export function reviewBlocks(section: ReviewSection | undefined): Block[] {
  if (!section) return [];
  switch (section.status) {
    case "clean":
      return [
        {
          type: "text",
          markdown: `**Review:** No concurrency problems found. Checked: ${section.checked.map((topic) => reviewedTopicNames[topic]).join(", ")}.`,
        },
      ];
    case "too_complex":
      return [
        { type: "text", markdown: "**Review:** too complex to review (the reviewer's depth or time limit)." },
      ];
    case "unavailable":
      return [{ type: "text", markdown: "**Review:** the reviewer is not available just now." }];
    case "syntax_error":
      return section.findings.flatMap(syntaxErrorBlocks);
    case "findings": {
      const more = section.total - section.findings.length;
      const head = `**Review:** ${section.total} finding${section.total === 1 ? "" : "s"}${more > 0 ? ` (the ${section.findings.length} most important shown)` : ""}`;
      return [{ type: "text", markdown: [head, ...section.findings.map(findingText)].join("\n\n") }];
    }
  }
}

function findingText(finding: ReviewFindingView): string {
  return [
    `**Line ${finding.line}: ${finding.title}** (\`${finding.ruleId}\`)`,
    finding.why,
    `Fix: ${finding.fix} [Python docs](${finding.docs})`,
  ].join("\n");
}

function syntaxErrorBlocks(finding: ReviewFindingView): Block[] {
  const blocks: Block[] = [
    {
      type: "text",
      markdown: `**Review: Python cannot parse this** (line ${finding.line}, column ${finding.column}${finding.message ? `: ${finding.message}` : ""}), so it was not run.`,
    },
  ];
  if (finding.excerpt !== undefined) {
    const caret = `${" ".repeat(Math.max(0, (finding.excerptColumn ?? finding.column) - 1))}^`;
    blocks.push({ type: "code", language: "", code: `${finding.excerpt}\n${caret}` });
  }
  blocks.push({ type: "text", markdown: `${finding.fix} [Python docs](${finding.docs})` });
  return blocks;
}

/** "Review only" (`/check`), or code sent to run that Python cannot parse. */
export function presentSnippetReview(view: SnippetReviewView): RichMessage {
  const by = view.requestedBy === view.authorName ? "" : `, requested by ${memberName(view.requestedBy)}`;
  const status = view.review.status;
  const tone =
    status === "clean" ? "success" : status === "findings" || status === "syntax_error" ? "warning" : "info";
  return {
    title: view.submission
      ? "Not graded: your submission"
      : `${view.notRun ? "Not run" : "Review only"}: snippet by ${memberName(view.authorName)}`,
    tone,
    blocks: [
      ...(view.notRun ? [] : [{ type: "text" as const, markdown: `Reviewed without running${by}.` }]),
      ...reviewBlocks(view.review),
      ...(view.submission
        ? [
            {
              type: "text" as const,
              markdown:
                "It was not recorded as your answer: correct it and submit again while the question is open.",
            },
          ]
        : []),
    ],
    fallback: `Snippet by ${memberName(view.authorName)}: ${fallbackOf(view.review)}`,
  };
}

function fallbackOf(section: ReviewSection): string {
  switch (section.status) {
    case "clean":
      return "no concurrency problems found";
    case "findings":
      return `${section.total} review finding${section.total === 1 ? "" : "s"}`;
    case "syntax_error":
      return "syntax error, not run";
    case "too_complex":
      return "too complex to review";
    case "unavailable":
      return "review unavailable";
  }
}

/** The private note after cards on a snippet's findings were (or were not) added to a member's reviews. */
export function presentSnippetCards(view: SnippetCardsView): RichMessage {
  const topics = topicWords(view.tags);
  let text: string;
  switch (view.outcome) {
    case "added":
      text = `${view.count} card${view.count === 1 ? "" : "s"} on ${topics} added to your reviews, due now: \`/review start\`.`;
      if (view.automatic)
        text +=
          " They come from the review of your snippet; `/review settings snippet_cards:false` turns this off.";
      break;
    case "already_added":
      text = "The cards from this snippet are already in your reviews.";
      break;
    case "none_unseen":
      text = `You have already seen every card on ${topics}: nothing new to add.`;
      break;
  }
  return {
    tone: view.outcome === "added" ? "success" : "info",
    blocks: [{ type: "text", markdown: text }],
    fallback: text,
  };
}

/** Pack tags as words: `race-condition` reads "race condition"; at most two are named. */
function topicWords(tags: readonly string[]): string {
  const words = tags.slice(0, 2).map((tag) => tag.replaceAll("-", " "));
  if (words.length === 0) return "these topics";
  return words.join(" and ");
}
