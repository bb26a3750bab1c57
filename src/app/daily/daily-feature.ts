import type { Feature } from "../feature.js";
import { dailyCommands } from "./commands.js";
import type { DailyFeatureDeps } from "./handlers/deps.js";
import { scheduleAdd } from "./handlers/schedule-add.js";
import { scheduleList, scheduleRemove, scheduleSetPaused } from "./handlers/schedule-manage.js";

export type { DailyFeatureDeps } from "./handlers/deps.js";

/** `/quiz schedule add|list|pause|resume|remove`: daily quizzes, managed by channel admins. */
export function dailyFeature(deps: DailyFeatureDeps): Feature {
  return {
    name: "daily",
    declares: dailyCommands,
    commands: {
      "quiz schedule add": scheduleAdd(deps),
      "quiz schedule list": scheduleList(deps),
      "quiz schedule pause": scheduleSetPaused(deps, true),
      "quiz schedule resume": scheduleSetPaused(deps, false),
      "quiz schedule remove": scheduleRemove(deps),
    },
    start: () => deps.scheduler.start(),
    stop: () => deps.scheduler.stop(),
  };
}
