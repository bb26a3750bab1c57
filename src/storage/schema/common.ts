import { bigint, text, timestamp } from "drizzle-orm/pg-core";

/** Internal surrogate keys: identity bigints, read as JS numbers (2^53 is far beyond any table here). */
export const id = () => bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity();
export const ref = (name: string) => bigint(name, { mode: "number" });
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date" });
export const createdAt = () => instant("created_at").notNull().defaultNow();
/** Which chat platform a row belongs to: "discord", "slack" or "console". */
export const platform = () => text("platform").notNull();
