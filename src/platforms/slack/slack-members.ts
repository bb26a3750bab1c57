import type { webApi } from "@slack/bolt";
import type { ChatUser } from "../../domain/ports/chat-platform.js";
import type { Logger } from "../../logger.js";

type WebClient = webApi.WebClient;

interface Cached {
  readonly expiresAt: number;
  readonly user: Promise<ChatUser>;
}

/**
 * Members as `ChatUser`s, from users.info (https://docs.slack.dev/reference/methods/users.info): the display
 * name, and workspace admin or owner as `isAdmin`. Cached briefly so a burst of answer clicks costs one
 * lookup per member, while a member made admin is seen within minutes.
 */
export class SlackMembers {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
    private readonly ttlMs: number = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Never fails: when Slack cannot be asked, the name from the payload stands in and admin rights are not assumed. */
  get(userId: string, nameFromPayload?: string): Promise<ChatUser> {
    const nowMs = this.now();
    const cached = this.cache.get(userId);
    if (cached && cached.expiresAt > nowMs) return cached.user;
    const user = this.lookUp(userId, nameFromPayload);
    this.cache.set(userId, { expiresAt: nowMs + this.ttlMs, user });
    if (this.cache.size > 10_000) this.forgetExpired(nowMs);
    return user;
  }

  private async lookUp(userId: string, nameFromPayload: string | undefined): Promise<ChatUser> {
    const fallback: ChatUser = {
      platform: "slack",
      id: userId,
      displayName: nameFromPayload ?? userId,
      isAdmin: false,
    };
    try {
      const { user } = await this.client.users.info({ user: userId });
      if (!user) return fallback;
      const displayName =
        user.profile?.display_name ||
        user.profile?.real_name ||
        user.real_name ||
        user.name ||
        fallback.displayName;
      return { platform: "slack", id: userId, displayName, isAdmin: Boolean(user.is_admin || user.is_owner) };
    } catch (error) {
      // A failed lookup is not cached for long: the next event asks again.
      this.cache.set(userId, { expiresAt: this.now() + 10_000, user: Promise.resolve(fallback) });
      this.logger.warn({ err: error, userId }, "users.info failed; using the name from the payload");
      return fallback;
    }
  }

  private forgetExpired(nowMs: number): void {
    for (const [id, entry] of this.cache) if (entry.expiresAt <= nowMs) this.cache.delete(id);
  }
}
