import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { DashboardSessionStore } from "../domain/ports/dashboard-session-store.js";
import type { DashboardStore } from "../domain/ports/dashboard-store.js";
import type { FailureClassifier } from "../domain/ports/failure-code.js";
import type { Logger } from "../logger.js";
import { dashboardCss, sortTableScript } from "./assets.js";
import { CachedDashboardStore } from "./cached-dashboard-store.js";
import { verifyLinkToken } from "./link-token.js";
import { plainPage } from "./page.js";
import { addPageRoutes } from "./page-routes.js";
import { memberPath, scopePath } from "./pages/paths.js";
import { type DashboardSession, DashboardSessions } from "./sessions.js";

export interface DashboardServerOptions {
  readonly store: DashboardStore;
  /** Where sessions and used links are kept: the database, so that every process serving it shares them. */
  readonly sessions: DashboardSessionStore;
  /** DASHBOARD_SECRET: verifies the links `/dashboard` signed. */
  readonly secret: string;
  /** DASHBOARD_URL: the cookie is `Secure` when it is https. */
  readonly baseUrl: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host?: string;
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** How long a page's figures are kept (ms; default a minute); 0 reads the store on every request. */
  readonly cacheMs?: number;
  /** Tells a database that does not answer from other failures, for a page that says to try again. */
  readonly classifyFailure?: FailureClassifier;
}

export interface DashboardServer {
  /** `http://host:port` as bound (tests open this; members open DASHBOARD_URL). */
  readonly url: string;
  close(): Promise<void>;
}

const cookieName = "quizbot_dashboard";
const unavailable =
  "The dashboard cannot reach its database just now. Nothing is lost: reload this page in a minute.";
const refusal =
  "This link has expired, was already used, or is not valid, or this page is not yours to see. Ask the bot for a new link with /dashboard.";

/**
 * Every response's security headers: scripts and styles only from this server (no inline ones), no
 * framing, no MIME sniffing, no referrer (a link's token must not travel on), nothing cached.
 */
const securityHeaders: Readonly<Record<string, string>> = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
  "cross-origin-opener-policy": "same-origin",
};

/** The parts the routes share: the store, the sessions, the clock and the refusals. */
export interface DashboardContext {
  readonly store: DashboardStore;
  readonly sessions: DashboardSessions;
  readonly now: () => Date;
  /** The request's live session (one read of the session store). */
  sessionOf(request: FastifyRequest): Promise<DashboardSession | undefined>;
  refuse(reply: FastifyReply): FastifyReply;
}

/**
 * The organiser's dashboard: read-only pages rendered here (HTML with SVG charts, one small static script
 * to sort tables), entered through a signed link that is exchanged once for a 12-hour session cookie.
 * Sessions live in `options.sessions`, so several servers on one database are one dashboard: any of them
 * may take any request, no sticky sessions needed. Only the page figures are cached here, per process.
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const app = Fastify({ logger: false, return503OnClosing: true });
  const sessions = new DashboardSessions(options.sessions);
  const now = options.now ?? (() => new Date());
  const secure = options.baseUrl.startsWith("https:");
  const context: DashboardContext = {
    store:
      options.cacheMs === 0
        ? options.store
        : new CachedDashboardStore(options.store, { ttlMs: options.cacheMs ?? 60_000 }),
    sessions,
    now,
    sessionOf: (request) => sessions.find(cookieOf(request), now()),
    refuse: (reply) =>
      reply.code(403).type("text/html; charset=utf-8").send(plainPage("Not allowed", refusal)),
  };
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.headers(securityHeaders);
    return payload;
  });
  // The sign-out form posts no fields worth reading; accept its body so Fastify does not refuse it.
  app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_r, _b, done) =>
    done(null, {}),
  );
  handleErrors(app, options.logger, options.classifyFailure);
  addEntryRoutes(app, context, { secret: options.secret, secure });
  addPageRoutes(app, context);
  await app.listen({ host: options.host ?? "0.0.0.0", port: options.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}

function addEntryRoutes(
  app: FastifyInstance,
  context: DashboardContext,
  cookie: { readonly secret: string; readonly secure: boolean },
): void {
  app.get("/enter", async (request, reply) => {
    const token = (request.query as { token?: unknown }).token;
    if (typeof token !== "string") return context.refuse(reply);
    const verified = verifyLinkToken(cookie.secret, token, context.now());
    if (!verified.ok) return context.refuse(reply);
    const claims = verified.value;
    const current = await context.sessionOf(request);
    // The same browser opening its link again lands on its page; anyone else gets nothing from a used link.
    const opened =
      current?.nonce === claims.nonce
        ? { cookie: cookieOf(request) ?? "", session: current }
        : await context.sessions.open(claims, context.now());
    if (!opened) return context.refuse(reply);
    const { session } = opened;
    const home = session.role === "organiser" ? scopePath(session) : memberPath(session, session.memberId);
    const attributes = [
      `${cookieName}=${opened.cookie}`,
      "Path=/",
      "HttpOnly",
      "SameSite=Strict",
      `Max-Age=${Math.ceil((session.expiresAt.getTime() - context.now().getTime()) / 1000)}`,
      ...(cookie.secure ? ["Secure"] : []),
    ];
    // A page that moves on by itself rather than a redirect: the link is opened from the chat app (another
    // site), and a browser sends a SameSite=Strict cookie only on a navigation that starts on this site.
    return reply
      .header("set-cookie", attributes.join("; "))
      .type("text/html; charset=utf-8")
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${home}"><title>Signing in</title></head><body><p><a href="${home}">Continue to the dashboard</a></p></body></html>`,
      );
  });
  app.post("/logout", async (request, reply) => {
    await context.sessions.close(cookieOf(request));
    return reply
      .header("set-cookie", `${cookieName}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`)
      .type("text/html; charset=utf-8")
      .send(plainPage("Signed out", "You are signed out. /dashboard in the chat gives a new link."));
  });
  app.get("/assets/sort-table.js", async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").send(sortTableScript),
  );
  app.get("/assets/dashboard.css", async (_request, reply) =>
    reply.type("text/css; charset=utf-8").send(dashboardCss),
  );
  // Browsers ask for it on every site; no icon is not an error.
  app.get("/favicon.ico", async (_request, reply) => reply.code(204).send());
  app.get("/", async (request, reply) => {
    const session = await context.sessionOf(request);
    if (!session) return context.refuse(reply);
    return reply.redirect(
      session.role === "organiser" ? scopePath(session) : memberPath(session, session.memberId),
      303,
    );
  });
}

function handleErrors(
  app: FastifyInstance,
  logger: Logger | undefined,
  classifyFailure: FailureClassifier | undefined,
): void {
  app.setNotFoundHandler(async (_request, reply) =>
    reply.code(404).type("text/html; charset=utf-8").send(plainPage("Not found", "There is no such page.")),
  );
  app.setErrorHandler(async (error, _request, reply) => {
    if (classifyFailure?.(error) === "storage_unavailable") {
      // An outage, not a broken page: say so, and when to come back (the link or session still works).
      logger?.warn({ err: error }, "dashboard page: the database did not answer");
      return reply
        .code(503)
        .header("retry-after", "30")
        .type("text/html; charset=utf-8")
        .send(plainPage("Try again in a minute", unavailable));
    }
    logger?.error({ err: error }, "dashboard page failed");
    return reply
      .code(500)
      .type("text/html; charset=utf-8")
      .send(plainPage("Something went wrong", "The page could not be built; it has been logged."));
  });
}

function cookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === cookieName) return value.join("=");
  }
  return undefined;
}
