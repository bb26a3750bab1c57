import { migrateOnly } from "../../main.js";
import type { CliCommand } from "../command.js";

export const migrateCommand: CliCommand = {
  name: "migrate",
  summary: "Apply database migrations (Postgres when DATABASE_URL is set, else the embedded store) and exit",
  usage: "",
  help: {},
  options: {},
  allowPositionals: false,
  async run(context) {
    const { database } = await migrateOnly(context.env);
    context.stdout.write(
      `migrations applied to the ${database.kind === "postgres" ? "PostgreSQL" : "embedded"} database\n`,
    );
    await database.close();
    return 0;
  },
};
