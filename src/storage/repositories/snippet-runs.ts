import { eq } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  NewSnippetRun,
  SnippetRunStore,
  StoredSnippetRun,
} from "../../domain/ports/snippet-run-store.js";
import { wellFormedText } from "../../domain/text/well-formed-text.js";
import type { Executor } from "../database.js";
import { snippetRuns, users } from "../schema/index.js";
import { ensureUser } from "./users.js";

/**
 * `snippet_runs` rows. The runner already capped stdout and stderr; what PostgreSQL cannot hold is taken
 * out here (see `storableText`), since a program may print anything and a member may paste anything.
 */
export class DrizzleSnippetRunStore implements SnippetRunStore {
  constructor(private readonly db: Executor) {}

  async save(run: NewSnippetRun): Promise<number> {
    const userId = await ensureUser(this.db, run.author);
    const { result } = run;
    const [row] = await this.db
      .insert(snippetRuns)
      .values({
        platform: run.place.platform,
        workspaceId: run.place.workspaceId,
        channelId: run.place.channelId,
        userId,
        questionId: run.questionId ?? null,
        code: storableText(run.code),
        interpreter: run.interpreter ?? null,
        stdin: run.stdin === undefined ? null : storableText(run.stdin),
        status: result.status,
        exitCode: result.exitCode,
        signal: result.signal,
        stdout: storableText(result.stdout),
        stderr: storableText(result.stderr),
        stdoutTruncated: result.stdoutTruncated,
        stderrTruncated: result.stderrTruncated,
        wallMs: Math.round(result.wallMs),
        backend: result.backend,
        checks: storableJson(run.checks ?? null),
      })
      .returning({ id: snippetRuns.id });
    if (!row) throw new Error("snippet run insert returned no row");
    return row.id;
  }

  async find(id: number): Promise<StoredSnippetRun | undefined> {
    const [row] = await this.db
      .select({
        id: snippetRuns.id,
        platform: snippetRuns.platform,
        workspaceId: snippetRuns.workspaceId,
        channelId: snippetRuns.channelId,
        authorName: users.displayName,
        code: snippetRuns.code,
        questionId: snippetRuns.questionId,
        interpreter: snippetRuns.interpreter,
        stdin: snippetRuns.stdin,
      })
      .from(snippetRuns)
      .leftJoin(users, eq(users.id, snippetRuns.userId))
      .where(eq(snippetRuns.id, id));
    if (!row) return undefined;
    return {
      id: row.id,
      place: {
        platform: row.platform as PlatformName,
        workspaceId: row.workspaceId,
        channelId: row.channelId,
      },
      authorName: row.authorName ?? "someone",
      code: row.code,
      questionId: row.questionId,
      interpreter: row.interpreter,
      stdin: row.stdin,
    };
  }
}

/**
 * Text as PostgreSQL can store it. It refuses NUL in `text` and `jsonb`, so a program that prints one, or
 * code pasted with one, failed the whole save after the run: the member read "something went wrong" and
 * nothing was kept. NUL is dropped. A lone surrogate, which a driver would turn into U+FFFD in `text`
 * but which `jsonb` refuses as an escape (a check error that names one), becomes U+FFFD everywhere.
 */
function storableText(text: string): string {
  return wellFormedText(text);
}

/** A JSON value with every string and key made storable (see `storableText`). */
function storableJson(value: unknown): unknown {
  if (typeof value === "string") return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [storableText(key), storableJson(inner)]),
    );
  }
  return value;
}
