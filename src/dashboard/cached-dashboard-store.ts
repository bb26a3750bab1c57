import type {
  DashboardScope,
  DashboardStore,
  MemberFigures,
  QuestionDetail,
  QuestionFigures,
  TagMastery,
  WorkspaceOverview,
} from "../domain/ports/dashboard-store.js";

interface Entry {
  readonly at: number;
  readonly value: Promise<unknown>;
}

/**
 * The store's figures kept for a short while (a minute by default) per server and page: an organiser
 * moving between pages, sorting and downloading each table reads the database once, and several
 * organisers opening the same page at once share one read. The figures are a minute old at most, which a
 * dashboard about weeks of study does not notice. A failed read is not kept. The cache is this process's
 * own: behind a load balancer each process keeps one, so two requests may show figures up to a minute
 * apart, which is fine for the same reason. Who may see what is never cached: every request reads its
 * session from the shared session store (src/dashboard/sessions.ts).
 */
export class CachedDashboardStore implements DashboardStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly inner: DashboardStore,
    private readonly options: { readonly ttlMs?: number; readonly maxEntries?: number } = {},
  ) {}

  overview(scope: DashboardScope, now: Date): Promise<WorkspaceOverview> {
    return this.cached(["overview", scope], now, () => this.inner.overview(scope, now));
  }

  member(scope: DashboardScope, memberId: string, now: Date): Promise<MemberFigures | undefined> {
    return this.cached(["member", scope, memberId], now, () => this.inner.member(scope, memberId, now));
  }

  questions(scope: DashboardScope): Promise<QuestionFigures[]> {
    return this.cached(["questions", scope], new Date(), () => this.inner.questions(scope));
  }

  question(scope: DashboardScope, questionId: string): Promise<QuestionDetail | undefined> {
    return this.cached(["question", scope, questionId], new Date(), () =>
      this.inner.question(scope, questionId),
    );
  }

  tags(scope: DashboardScope, now: Date): Promise<TagMastery[]> {
    return this.cached(["tags", scope], now, () => this.inner.tags(scope, now));
  }

  private cached<T>(
    key: readonly [string, DashboardScope, string?],
    now: Date,
    read: () => Promise<T>,
  ): Promise<T> {
    const [page, scope, item] = key;
    const id = JSON.stringify([page, scope.platform, scope.workspaceId, item ?? ""]);
    const ttl = this.options.ttlMs ?? 60_000;
    const found = this.entries.get(id);
    if (found && now.getTime() - found.at < ttl && now.getTime() >= found.at)
      return found.value as Promise<T>;
    const value = read();
    this.entries.delete(id);
    this.entries.set(id, { at: now.getTime(), value });
    value.catch(() => {
      if (this.entries.get(id)?.value === value) this.entries.delete(id);
    });
    // Oldest first in a Map's order: drop from the front past the bound.
    const max = this.options.maxEntries ?? 500;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(oldest);
    }
    return value;
  }
}
