/**
 * The words of every command the features declare (`app/<feature>/commands.ts`): descriptions for
 * Discord's registration, Slack's manifest and `/help`, and an example of a valid value where one helps
 * (shown in help and in the message that refuses a bad value). Keyed by command, by subcommand as
 * typed ("schedule add"), and by option name.
 */
export interface OptionWords {
  readonly description: string;
  readonly example?: string;
}

export interface SubcommandWords {
  readonly description: string;
  readonly options?: Readonly<Record<string, OptionWords>>;
}

export interface CommandWords {
  readonly description: string;
  readonly options?: Readonly<Record<string, OptionWords>>;
  readonly subcommands?: Readonly<Record<string, SubcommandWords>>;
}

const topic: OptionWords = {
  description: "Pack id or topic tag to draw questions from",
  example: "asyncio",
};
const timezone: OptionWords = { description: "IANA time zone", example: "Europe/Berlin" };
const groupName: OptionWords = {
  description: "Group name (2-32 letters, digits, spaces, - or _)",
  example: "async-club",
};
const scheduleId: Readonly<Record<string, OptionWords>> = {
  id: { description: "Schedule number from the list" },
};
const snippetCode: OptionWords = { description: "Code (leave empty to open a form)" };

export const commandWords: Readonly<Record<string, CommandWords>> = {
  quiz: {
    description: "Quiz rounds and daily quizzes in this channel",
    subcommands: {
      start: {
        description: "Start a quiz round in this channel",
        options: {
          topic,
          questions: { description: "Number of questions", example: "5" },
          mode: { description: "everyone: all answers count; first_correct: the first right answer wins" },
          seconds: { description: "Seconds per question", example: "30" },
        },
      },
      stop: { description: "Stop the running round (its starter or an admin)" },
      config: {
        description: "Channel defaults for rounds",
        options: {
          seconds: { description: "Seconds per question" },
          mode: { description: "Default round mode" },
          timezone,
        },
      },
      "schedule add": {
        description: "Post a daily quiz here on a schedule",
        options: {
          when: {
            description: "`daily 18:30`, `weekdays 09:00`, `every 15 minutes` or a cron expression",
            example: "weekdays 09:00",
          },
          pack: { description: "Pack or topic to draw from" },
          questions: { description: "Questions per post" },
          timezone,
          close_before: {
            description: "Minutes before the next post at which answers close (default 60; open 10 at least)",
            example: "60",
          },
        },
      },
      "schedule list": { description: "List this channel's daily quizzes" },
      "schedule pause": { description: "Pause a daily quiz", options: scheduleId },
      "schedule resume": { description: "Resume a daily quiz", options: scheduleId },
      "schedule remove": { description: "Remove a daily quiz", options: scheduleId },
    },
  },
  review: {
    description: "Your spaced-repetition reviews, privately",
    subcommands: {
      start: { description: "Review the cards that are due now" },
      settings: {
        description: "Desired retention, new cards per day, time zone and reminder time",
        options: {
          retention: { description: "Desired retention", example: "0.9" },
          new_per_day: { description: "New cards per day", example: "10" },
          timezone,
          reminder: { description: "Daily reminder time (HH:MM) or off", example: "09:00" },
          snippet_cards: {
            description: "Add cards on the review's findings when your code is run",
            example: "false",
          },
          easy_days: { description: "Weekdays with fewer reviews (sat,sun) or none", example: "sat,sun" },
          vacation: {
            description: "Pause reviews and reminders: the day you are back, a number of days, on, or off",
            example: "14",
          },
        },
      },
    },
  },
  stats: { description: "Your review and quiz progress" },
  leaderboard: {
    description: "Rankings of a study group",
    options: {
      group: { description: "A named group, or server for everyone here (default: this channel)" },
      period: { description: "Period" },
      metric: { description: "What to rank by" },
    },
  },
  dashboard: { description: "A private link to this server's dashboard (organisers) or your own page" },
  group: {
    description: "Named study groups",
    subcommands: {
      create: { description: "Create a study group", options: { name: groupName } },
      join: { description: "Join a study group", options: { name: groupName } },
      leave: { description: "Leave a study group", options: { name: groupName } },
      list: { description: "List this server's study groups" },
      rename: {
        description: "Rename a group you own",
        options: { name: groupName, new_name: { description: "New name" } },
      },
      remove: { description: "Remove a group you own", options: { name: groupName } },
      freezes: {
        description: "Turn streak freezes on or off in a group you own",
        options: { name: groupName, freezes: { description: "on or off" } },
      },
    },
  },
  run: {
    description: "Run a Python snippet in the sandbox and show its output",
    options: {
      code: snippetCode,
      python: {
        description: "Interpreter to run on (default: the bot's); typed first as python:3.12",
        example: "python:3.12",
      },
      input: { description: "Standard input for input() (several lines: send /run alone for the form)" },
    },
  },
  timeit: {
    description: "Time a Python statement with timeit (autorange, best of 5) in the sandbox",
    options: {
      code: { description: "Statement to time (typed: a second ```python block after the setup's)" },
      setup: { description: "Code run once before the timing (imports, data)" },
      python: { description: "Interpreter to time on (default: the bot's)", example: "python:3.12" },
    },
  },
  explore: {
    description: "Run threading/asyncio code under many schedules and show the interleaving that breaks it",
    options: { code: snippetCode },
  },
  check: {
    description: "Review a Python snippet for concurrency problems without running it",
    options: { code: { description: "Code to review" } },
  },
  help: { description: "What quizbot can do" },
};

/** The "Run & review" action on a message, as Discord and Slack name it. */
export const runReviewMessageCommandName = "Run & review";
