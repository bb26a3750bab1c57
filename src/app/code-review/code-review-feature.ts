import type {
  ButtonEvent,
  ChatUser,
  CommandEvent,
  FormEvent,
  MessageCommandEvent,
  Place,
  Responder,
} from "../../domain/ports/chat-platform.js";
import type { CodeReviewer } from "../../domain/ports/code-reviewer.js";
import type {
  CodeRunner,
  InterpreterCatalog,
  RunRequest,
  RunResult,
} from "../../domain/ports/code-runner.js";
import type { SnippetRunStore, StoredSnippetRun } from "../../domain/ports/snippet-run-store.js";
import type { SnippetRefusal } from "../../domain/ports/views/snippets.js";
import type { Feature } from "../feature.js";
import type { RoundEngine } from "../rounds/round-engine.js";
import { checkDeterminism } from "../snippets/check-determinism.js";
import { compareInterpreters } from "../snippets/compare-interpreters.js";
import { extractPythonCode } from "../snippets/extract-python-code.js";
import { challengeSubmission } from "./challenge-submission.js";
import { commandCode } from "./command-code.js";
import { exploreHandler } from "./explore-handlers.js";
import { reviewAlongside, reviewOnlyView, reviewSection } from "./review-section.js";
import {
  cardsAction,
  exploreFormId,
  interpreterOfForm,
  parseRunAction,
  runFormIdFor,
} from "./run-actions.js";
import { comparisonView, determinismView, runRefusal, snippetRunView } from "./run-views.js";
import { addCardsButton, afterReviewedRun, offersCards, type SnippetCardsDeps } from "./snippet-cards.js";

export interface CodeReviewFeatureDeps extends SnippetCardsDeps {
  /** Undefined or `off`: every run is refused with words that say so. */
  readonly runner: CodeRunner | undefined;
  /** The runner's interpreters: `/run python:`, its autocomplete and "Compare interpreters" (with two or more). */
  readonly interpreters?: InterpreterCatalog;
  readonly runs: SnippetRunStore;
  readonly engine: RoundEngine;
  /** Reviews every snippet alongside its run; undefined: the Review section says it is unavailable. */
  readonly reviewer?: CodeReviewer;
  /** Runs behind "Check determinism" (default 5). */
  readonly determinismRuns?: number;
  readonly nonce?: () => string;
  /** Time for one exploration's schedules in the sandbox (RUNNER_EXPLORE_SECONDS minus 3 s; default 12 s). */
  readonly exploreBudgetMs?: number;
}

/**
 * `/run`, "Run & review" on a message, the buttons under a result, and challenge submissions in rounds.
 * Results go to the channel, since the point is reviewing code together; refusals go to the member only.
 * Runs can take seconds, so every path that runs code defers its reply first.
 */
export function codeReviewFeature(deps: CodeReviewFeatureDeps): Feature {
  const determinismRuns = deps.determinismRuns ?? 5;
  const explore = exploreHandler({
    runs: deps.runs,
    ...(deps.exploreBudgetMs !== undefined ? { budgetMs: deps.exploreBudgetMs } : {}),
  });

  async function refuse(reply: Responder, refusal: SnippetRefusal): Promise<void> {
    await reply.private({ kind: "snippet_refused", refusal, submission: false });
  }

  /** The runner, or the refusal to send when there is none to use. */
  function usableRunner(): CodeRunner | undefined {
    return deps.runner && deps.runner.backend !== "off" ? deps.runner : undefined;
  }

  function interpreterNames(): string[] {
    return (deps.interpreters?.interpreters() ?? []).map((interpreter) => interpreter.name);
  }

  /** Whether results offer "Compare interpreters". */
  function comparable(): boolean {
    return interpreterNames().length > 1;
  }

  async function runAndShow(input: {
    readonly reply: Responder;
    readonly place: Place;
    readonly requester: ChatUser;
    readonly author: ChatUser;
    readonly code: string;
    readonly rerun: boolean;
    readonly at: Date;
    readonly interpreter?: string | undefined;
  }): Promise<void> {
    const runner = usableRunner();
    if (!runner) return refuse(input.reply, { code: "runner_off" });
    const offered = interpreterNames();
    if (input.interpreter !== undefined && !offered.includes(input.interpreter)) {
      return refuse(input.reply, { code: "unknown_interpreter", name: input.interpreter, offered });
    }
    await input.reply.defer({ private: false });
    const { review, raw, result } = await runAndReview(
      runner,
      input.code,
      queueKey(input.requester),
      input.interpreter,
    );
    if (review?.status === "syntax_error" || !result) {
      await input.reply.public(reviewOnlyView(input, review ?? { status: "unavailable" }, true));
      return;
    }
    const refusal = runRefusal(result);
    if (refusal) return refuse(input.reply, refusal);
    const runId = await deps.runs.save({
      place: input.place,
      author: input.author,
      code: input.code,
      result,
    });
    await input.reply.public({
      ...snippetRunView({
        runId,
        authorName: input.author.displayName,
        requestedBy: input.requester.displayName,
        rerun: input.rerun,
        code: input.code,
        result,
        comparable: comparable(),
      }),
      ...(review ? { review } : {}),
      ...(offersCards(deps, raw) ? { cardsActionId: cardsAction(runId) } : {}),
    });
    await afterReviewedRun(deps, { ...input, runId, review: raw });
  }

  /**
   * Runs the snippet and reviews it at the same time: the review takes milliseconds, the run far longer,
   * so the member waits no longer for both. A syntax error stops the run (Python would run none of it).
   */
  async function runAndReview(runner: CodeRunner, code: string, key: string, interpreter?: string) {
    const stop = new AbortController();
    const reviewing = reviewAlongside(deps.reviewer, code).then((review) => {
      if (review?.status === "syntax_error") stop.abort();
      return review;
    });
    const running: Promise<RunResult> = runner.run({
      code,
      queueKey: key,
      signal: stop.signal,
      ...(interpreter !== undefined ? { interpreter } : {}),
    });
    const [raw, result] = await Promise.all([reviewing, running]);
    const review = reviewSection(raw);
    return { review, raw, result: raw?.status === "syntax_error" ? undefined : result };
  }

  /** "Review only" (`/check`): the review without a run, for code that should not be run. */
  async function checkCommand(event: CommandEvent): Promise<void> {
    const code = extractPythonCode(commandCode(event).text);
    if (code === null) return refuse(event.reply, { code: "no_code", from: "command" });
    await event.reply.defer({ private: false });
    const review = reviewSection(await reviewAlongside(deps.reviewer, code)) ?? { status: "unavailable" };
    await event.reply.public(
      reviewOnlyView({ author: event.user, requester: event.user, code }, review, false),
    );
  }

  async function runCommand(event: CommandEvent): Promise<void> {
    const { text, interpreter } = commandCode(event);
    if (text === "") {
      await event.reply.openForm({
        formId: runFormIdFor(interpreter),
        title: "Run Python",
        fields: [
          {
            id: "code",
            label: "Code to run",
            multiline: true,
            placeholder: "print('hello')",
            maxLength: 4000,
          },
        ],
      });
      return;
    }
    const code = extractPythonCode(text);
    if (code === null) return refuse(event.reply, { code: "no_code", from: "command" });
    await runAndShow({ ...common(event), author: event.user, code, rerun: false, interpreter });
  }

  /** `/explore`: the snippet is run once (so it is stored and its buttons can name it), then explored. */
  async function exploreCommand(event: CommandEvent): Promise<void> {
    const { text } = commandCode(event);
    if (text === "") {
      await event.reply.openForm({
        formId: exploreFormId,
        title: "Explore interleavings",
        fields: [{ id: "code", label: "Threading or asyncio code", multiline: true, maxLength: 4000 }],
      });
      return;
    }
    await exploreSnippet(event, extractPythonCode(text), "command");
  }

  async function exploreSnippet(
    event: { reply: Responder; place: Place; user: ChatUser; receivedAt: Date },
    code: string | null,
    from: "command" | "form",
  ): Promise<void> {
    if (code === null) return refuse(event.reply, { code: "no_code", from });
    const runner = usableRunner();
    if (!runner) return refuse(event.reply, { code: "runner_off" });
    const result = await runner.run({ code, queueKey: queueKey(event.user) });
    const refusal = runRefusal(result);
    if (refusal) return refuse(event.reply, refusal);
    const runId = await deps.runs.save({ place: event.place, author: event.user, code, result });
    const stored = { id: runId, authorName: event.user.displayName, code };
    await explore(runner, { ...common(event), stored }, refuse);
  }

  async function runForm(event: FormEvent): Promise<void> {
    const code = extractPythonCode(event.fields.code ?? "");
    if (code === null) return refuse(event.reply, { code: "no_code", from: "form" });
    const interpreter = interpreterOfForm(event.formId);
    await runAndShow({ ...common(event), author: event.user, code, rerun: false, interpreter });
  }

  /** "Compare interpreters": the stored snippet on each, one after another in the member's queue slot. */
  async function compareButton(event: ButtonEvent, stored: StoredSnippetRun): Promise<void> {
    const runner = usableRunner();
    if (!runner) return refuse(event.reply, { code: "runner_off" });
    const interpreters = deps.interpreters?.interpreters() ?? [];
    await event.reply.defer({ private: false });
    const outcomes = await compareInterpreters(runner, interpreters, {
      code: stored.code,
      queueKey: queueKey(event.user),
    });
    // Pyodide refusing threads is part of the comparison; only a comparison where nothing ran is refused.
    const refusals = outcomes.map((outcome) => runRefusal(outcome.result));
    const [firstRefusal] = refusals;
    if (outcomes.length === 0 || (firstRefusal && refusals.every((refusal) => refusal !== undefined))) {
      return refuse(event.reply, firstRefusal ?? { code: "unavailable" });
    }
    await event.reply.public(
      comparisonView({
        runId: stored.id,
        authorName: stored.authorName,
        requestedBy: event.user.displayName,
        outcomes,
      }),
    );
  }

  async function runReview(event: MessageCommandEvent): Promise<void> {
    const code = extractPythonCode(event.targetText);
    if (code === null) return refuse(event.reply, { code: "no_code", from: "message" });
    await runAndShow({ ...common(event), author: event.targetAuthor ?? event.user, code, rerun: false });
  }

  async function runButton(event: ButtonEvent, parts: readonly string[]): Promise<void> {
    const action = parseRunAction(parts);
    const stored = action ? await deps.runs.find(action.runId) : undefined;
    // A run of another channel, or a challenge attempt (a member's solution), is never shown here.
    if (!action || !stored || stored.questionId !== null || !samePlace(stored.place, event.place)) {
      return refuse(event.reply, { code: "unknown_run" });
    }
    if (action.type === "compare") return compareButton(event, stored);
    if (action.type === "cards") return addCardsButton(deps, event, stored);
    if (action.type === "explore" || action.type === "replay") {
      const runner = usableRunner();
      if (!runner) return refuse(event.reply, { code: "runner_off" });
      const schedule = action.type === "replay" ? { schedule: action.schedule } : {};
      return explore(runner, { ...common(event), stored, ...schedule }, refuse);
    }
    if (action.type === "again") {
      const runner = usableRunner();
      if (!runner) return refuse(event.reply, { code: "runner_off" });
      await event.reply.defer({ private: false });
      const { review, raw, result } = await runAndReview(runner, stored.code, queueKey(event.user));
      if (!result) return refuse(event.reply, { code: "unavailable" });
      const refusal = runRefusal(result);
      if (refusal) return refuse(event.reply, refusal);
      // The stored row keeps the original author: save this rerun under the member who pressed.
      const runId = await deps.runs.save({
        place: event.place,
        author: event.user,
        code: stored.code,
        result,
      });
      await event.reply.public({
        ...snippetRunView({
          runId,
          authorName: stored.authorName,
          requestedBy: event.user.displayName,
          rerun: true,
          code: stored.code,
          result,
          comparable: comparable(),
        }),
        ...(review ? { review } : {}),
        ...(offersCards(deps, raw) ? { cardsActionId: cardsAction(runId) } : {}),
      });
      return;
    }
    const runner = usableRunner();
    if (!runner) return refuse(event.reply, { code: "runner_off" });
    await event.reply.defer({ private: false });
    // Every run of the check waits in the member's own queue slot, like a single run.
    const key = queueKey(event.user);
    const keyed: CodeRunner = {
      backend: runner.backend,
      run: (request: RunRequest) => runner.run({ ...request, queueKey: key }),
      close: () => Promise.resolve(),
    };
    const determinism = await checkDeterminism(keyed, stored.code, determinismRuns);
    const refused = determinism.runs.map(runRefusal).find((refusal) => refusal !== undefined);
    if (refused) return refuse(event.reply, refused);
    await event.reply.public(
      determinismView({
        runId: stored.id,
        authorName: stored.authorName,
        requestedBy: event.user.displayName,
        code: stored.code,
        determinism,
      }),
    );
  }

  const submitChallenge = challengeSubmission(deps);

  // Runs take seconds: at shutdown the bot waits for them (main.ts bounds the wait) before the runner
  // and the database close under them.
  const inFlight = new Set<Promise<void>>();
  function tracked<A extends unknown[]>(handler: (...args: A) => Promise<void>) {
    return async (...args: A): Promise<void> => {
      const work = handler(...args);
      inFlight.add(work);
      try {
        await work;
      } finally {
        inFlight.delete(work);
      }
    };
  }

  return {
    name: "code-review",
    commands: { run: tracked(runCommand), explore: tracked(exploreCommand), check: tracked(checkCommand) },
    messageCommands: { "run-review": tracked(runReview) },
    actions: { run: tracked(runButton) },
    autocomplete: {
      interpreter: async (event) => {
        const typed = event.partial.trim().toLowerCase();
        const names = interpreterNames().filter((name) => name.toLowerCase().startsWith(typed));
        await event.respond(names.slice(0, 25).map((name) => ({ name, value: name })));
      },
    },
    forms: {
      run: tracked(runForm),
      explore: tracked((event: FormEvent) =>
        exploreSnippet(event, extractPythonCode(event.fields.code ?? ""), "form"),
      ),
      qc: tracked(submitChallenge),
    },
    async stop() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

function common(event: { reply: Responder; place: Place; user: ChatUser; receivedAt: Date }) {
  return { reply: event.reply, place: event.place, requester: event.user, at: event.receivedAt };
}

/** One queued run per member, across channels and platforms' id spaces. */
function queueKey(user: Pick<ChatUser, "platform" | "id">): string {
  return `${user.platform}:${user.id}`;
}

function samePlace(a: Place, b: Place): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}
