import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { MemberFigures } from "../domain/ports/dashboard-store.js";
import type { DashboardContext } from "./dashboard-server.js";
import { type Page, plainPage, renderPage, tableCsv } from "./page.js";
import { memberPage } from "./pages/member-page.js";
import { overviewPage } from "./pages/overview-page.js";
import { organiserNav } from "./pages/paths.js";
import { questionPage, questionsPage } from "./pages/question-pages.js";
import { tagsPage } from "./pages/tags-page.js";
import type { DashboardSession } from "./sessions.js";

interface ScopeParams {
  readonly platform: string;
  readonly workspace: string;
}

type Access = "organiser" | { readonly member: string };

/**
 * The pages under `/w/<platform>/<workspace>`. Each first checks the session against the URL: the same
 * platform and server as the link that opened it, and the organiser role for every page but the
 * member's own. A page is then built from the store and sent as HTML, or one of its tables as CSV
 * (`?csv=<table id>`), from the same figures. The session is read once per request.
 */
export function addPageRoutes(app: FastifyInstance, context: DashboardContext): void {
  const base = "/w/:platform/:workspace";

  /** The session when it may see this page; undefined once refused. */
  async function allowed(request: FastifyRequest, access: Access): Promise<DashboardSession | undefined> {
    const session = await context.sessionOf(request);
    const params = request.params as ScopeParams;
    if (!session || session.platform !== params.platform || session.workspaceId !== params.workspace) {
      return undefined;
    }
    if (session.role === "organiser") return session;
    return access !== "organiser" && access.member === session.memberId ? session : undefined;
  }

  async function send(request: FastifyRequest, reply: FastifyReply, session: DashboardSession, page: Page) {
    const path = request.url.split("?")[0] ?? "/";
    const csv = (request.query as { csv?: unknown }).csv;
    if (typeof csv === "string") {
      const text = tableCsv(page, csv);
      if (text === undefined) return notFound(reply);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${csv.replace(/[^\w-]/g, "_")}.csv"`)
        .send(text);
    }
    const nav = session.role === "organiser" ? organiserNav(session) : [];
    return reply.type("text/html; charset=utf-8").send(renderPage(page, { nav, path }));
  }

  app.get(base, async (request, reply) => {
    const scope = await allowed(request, "organiser");
    if (!scope) return context.refuse(reply);
    return send(
      request,
      reply,
      scope,
      overviewPage(scope, await context.store.overview(scope, context.now())),
    );
  });
  app.get(`${base}/questions`, async (request, reply) => {
    const scope = await allowed(request, "organiser");
    if (!scope) return context.refuse(reply);
    return send(request, reply, scope, questionsPage(scope, await context.store.questions(scope)));
  });
  app.get(`${base}/questions/:question`, async (request, reply) => {
    const scope = await allowed(request, "organiser");
    if (!scope) return context.refuse(reply);
    const found = await context.store.question(scope, (request.params as { question: string }).question);
    return found ? send(request, reply, scope, questionPage(found)) : notFound(reply);
  });
  app.get(`${base}/tags`, async (request, reply) => {
    const scope = await allowed(request, "organiser");
    if (!scope) return context.refuse(reply);
    return send(request, reply, scope, tagsPage(await context.store.tags(scope, context.now())));
  });
  app.get(`${base}/members/:member`, async (request, reply) => {
    const member = (request.params as { member: string }).member;
    const scope = await allowed(request, { member });
    if (!scope) return context.refuse(reply);
    const found = await context.store.member(scope, member, context.now());
    // A member who has not answered yet still has a page (an empty one); an unknown id for the organiser is 404.
    if (!found && member !== scope.memberId) return notFound(reply);
    return send(request, reply, scope, memberPage(found ?? emptyMember(member)));
  });
}

function emptyMember(memberId: string): MemberFigures {
  return { memberId, name: memberId, weeks: [], streak: { current: 0, longest: 0 }, byTag: [], due: [] };
}

function notFound(reply: FastifyReply) {
  return reply
    .code(404)
    .type("text/html; charset=utf-8")
    .send(plainPage("Not found", "There is nothing here on this server's dashboard."));
}
