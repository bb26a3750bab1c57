import type { DashboardScope } from "../../domain/ports/dashboard-store.js";

/** Where a server's pages live: `/w/<platform>/<workspace id>/...`; the session must match both parts. */
export function scopePath(scope: DashboardScope): string {
  return `/w/${encodeURIComponent(scope.platform)}/${encodeURIComponent(scope.workspaceId)}`;
}

export function memberPath(scope: DashboardScope, memberId: string): string {
  return `${scopePath(scope)}/members/${encodeURIComponent(memberId)}`;
}

export function questionPath(scope: DashboardScope, questionId: string): string {
  return `${scopePath(scope)}/questions/${encodeURIComponent(questionId)}`;
}

/** The organiser's links at the top of every page. */
export function organiserNav(scope: DashboardScope): { label: string; href: string }[] {
  const base = scopePath(scope);
  return [
    { label: "Server", href: base },
    { label: "Questions", href: `${base}/questions` },
    { label: "Tags", href: `${base}/tags` },
  ];
}
