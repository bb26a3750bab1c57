/** The one database schema; drizzle-kit generates migrations/ from it. */
export * from "./dashboard.js";
export * from "./dashboard-sessions.js";
export * from "./groups.js";
export * from "./parameters.js";
export * from "./questions.js";
export * from "./reviews.js";
export * from "./rounds.js";
export * from "./schedules.js";
export * from "./scores.js";
export * from "./snippet-findings.js";
export * from "./snippets.js";
export * from "./users.js";
