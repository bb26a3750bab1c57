import type {
  ButtonEvent,
  ChatUser,
  CommandEvent,
  FormEvent,
  MessageCommandEvent,
  Place,
  Responder,
} from "../../domain/ports/chat-platform.js";
import type { CodeRunner, RunRequest } from "../../domain/ports/code-runner.js";
import type { SnippetRunStore } from "../../domain/ports/snippet-run-store.js";
import type { SnippetRefusal } from "../../domain/ports/views/snippets.js";
import type { Feature } from "../feature.js";
import type { RoundEngine } from "../rounds/round-engine.js";
import { checkDeterminism } from "../snippets/check-determinism.js";
import { extractPythonCode } from "../snippets/extract-python-code.js";
import { challengeSubmission } from "./challenge-submission.js";
import { parseRunAction, runFormId } from "./run-actions.js";
import { determinismView, runRefusal, snippetRunView } from "./run-views.js";

export interface CodeReviewFeatureDeps {
  /** Undefined or `off`: every run is refused with words that say so. */
  readonly runner: CodeRunner | undefined;
  readonly runs: SnippetRunStore;
  readonly engine: RoundEngine;
  /** Runs behind "Check determinism" (default 5). */
  readonly determinismRuns?: number;
  readonly nonce?: () => string;
}

/**
 * `/run`, "Run & review" on a message, the buttons under a result, and challenge submissions in rounds.
 * Results go to the channel, since the point is reviewing code together; refusals go to the member only.
 * Runs can take seconds, so every path that runs code defers its reply first.
 */
export function codeReviewFeature(deps: CodeReviewFeatureDeps): Feature {
  const determinismRuns = deps.determinismRuns ?? 5;

  async function refuse(reply: Responder, refusal: SnippetRefusal): Promise<void> {
    await reply.private({ kind: "snippet_refused", refusal, submission: false });
  }

  /** The runner, or the refusal to send when there is none to use. */
  function usableRunner(): CodeRunner | undefined {
    return deps.runner && deps.runner.backend !== "off" ? deps.runner : undefined;
  }

  async function runAndShow(input: {
    readonly reply: Responder;
    readonly place: Place;
    readonly requester: ChatUser;
    readonly author: ChatUser;
    readonly code: string;
    readonly rerun: boolean;
  }): Promise<void> {
    const runner = usableRunner();
    if (!runner) return refuse(input.reply, { code: "runner_off" });
    await input.reply.defer({ private: false });
    const result = await runner.run({ code: input.code, queueKey: queueKey(input.requester) });
    const refusal = runRefusal(result);
    if (refusal) return refuse(input.reply, refusal);
    const runId = await deps.runs.save({
      place: input.place,
      author: input.author,
      code: input.code,
      result,
    });
    await input.reply.public(
      snippetRunView({
        runId,
        authorName: input.author.displayName,
        requestedBy: input.requester.displayName,
        rerun: input.rerun,
        code: input.code,
        result,
      }),
    );
  }

  async function runCommand(event: CommandEvent): Promise<void> {
    const text = commandCode(event);
    if (text === "") {
      await event.reply.openForm({
        formId: runFormId,
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
    await runAndShow({ ...common(event), author: event.user, code, rerun: false });
  }

  async function runForm(event: FormEvent): Promise<void> {
    const code = extractPythonCode(event.fields.code ?? "");
    if (code === null) return refuse(event.reply, { code: "no_code", from: "form" });
    await runAndShow({ ...common(event), author: event.user, code, rerun: false });
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
    if (action.type === "again") {
      const runner = usableRunner();
      if (!runner) return refuse(event.reply, { code: "runner_off" });
      await event.reply.defer({ private: false });
      const result = await runner.run({ code: stored.code, queueKey: queueKey(event.user) });
      const refusal = runRefusal(result);
      if (refusal) return refuse(event.reply, refusal);
      // The stored row keeps the original author: save this rerun under the member who pressed.
      const runId = await deps.runs.save({
        place: event.place,
        author: event.user,
        code: stored.code,
        result,
      });
      await event.reply.public(
        snippetRunView({
          runId,
          authorName: stored.authorName,
          requestedBy: event.user.displayName,
          rerun: true,
          code: stored.code,
          result,
        }),
      );
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
        determinism,
      }),
    );
  }

  const submitChallenge = challengeSubmission({
    engine: deps.engine,
    runner: deps.runner,
    runs: deps.runs,
    ...(deps.nonce ? { nonce: deps.nonce } : {}),
  });

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
    commands: { run: tracked(runCommand) },
    messageCommands: { "run-review": tracked(runReview) },
    actions: { run: tracked(runButton) },
    forms: { run: tracked(runForm), qc: tracked(submitChallenge) },
    async stop() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * The code of `/run`: the raw text where the platform gives it (Slack, the console), since typed options
 * are split on whitespace and a snippet's newlines and indentation matter; else Discord's `code` option.
 */
function commandCode(event: CommandEvent): string {
  const raw = event.text?.replace(/^\s*code[:=]/, "") ?? "";
  if (raw.trim() !== "") return raw;
  return typeof event.options.code === "string" ? event.options.code : "";
}

function common(event: { reply: Responder; place: Place; user: ChatUser }) {
  return { reply: event.reply, place: event.place, requester: event.user };
}

/** One queued run per member, across channels and platforms' id spaces. */
function queueKey(user: Pick<ChatUser, "platform" | "id">): string {
  return `${user.platform}:${user.id}`;
}

function samePlace(a: Place, b: Place): boolean {
  return a.platform === b.platform && a.workspaceId === b.workspaceId && a.channelId === b.channelId;
}
