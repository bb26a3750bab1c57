import { eq } from "drizzle-orm";
import type { PlatformName } from "../../domain/ports/chat-platform.js";
import type {
  NewSnippetRun,
  SnippetRunStore,
  StoredSnippetRun,
} from "../../domain/ports/snippet-run-store.js";
import type { Executor } from "../database.js";
import { snippetRuns, users } from "../schema/index.js";
import { ensureUser } from "./users.js";

/** `snippet_runs` rows; the runner already capped stdout and stderr, so they are stored as they came. */
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
        code: run.code,
        status: result.status,
        exitCode: result.exitCode,
        signal: result.signal,
        stdout: result.stdout,
        stderr: result.stderr,
        stdoutTruncated: result.stdoutTruncated,
        stderrTruncated: result.stderrTruncated,
        wallMs: Math.round(result.wallMs),
        backend: result.backend,
        checks: run.checks ?? null,
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
    };
  }
}
