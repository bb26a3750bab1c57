import type { DashboardRole } from "../dashboard-links.js";

/** The private reply to `/dashboard`: a signed link, or none when this bot serves no dashboard. */
export type DashboardLinkView =
  | {
      readonly kind: "dashboard_link";
      readonly url: string;
      readonly role: DashboardRole;
      readonly minutesValid: number;
    }
  | { readonly kind: "dashboard_link"; readonly url?: undefined };
