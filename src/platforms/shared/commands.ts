/**
 * The one source of truth for every command: Discord registration, Slack's manifest and argument parsing,
 * the console, and `/help` are all built from this list.
 */
export type OptionType = "string" | "integer" | "number" | "boolean";

export interface OptionDefinition {
  readonly name: string;
  readonly type: OptionType;
  readonly description: string;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Offer completions (pack, topic and group names) where the platform can. */
  readonly autocomplete?: "topic" | "pack" | "group" | "interpreter";
  /** In typed text, this last option takes the rest of the line ("weekdays 09:00", a group name with spaces). */
  readonly rest?: boolean;
  /** Shown in help and in error messages: what a valid value looks like. */
  readonly example?: string;
}

export interface SubcommandDefinition {
  readonly name: string;
  /** Discord subcommand group (e.g. "schedule" for `/quiz schedule add`). */
  readonly group?: string;
  readonly description: string;
  readonly options: readonly OptionDefinition[];
  /** Needs channel admin rights (Manage Server on Discord, admin or owner on Slack). */
  readonly admin?: boolean;
}

export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  readonly subcommands: readonly SubcommandDefinition[];
  /** Options of a command without subcommands. */
  readonly options: readonly OptionDefinition[];
  /** Subcommand used when typed text names none (`/review` = `/review start`). */
  readonly defaultSubcommand?: string;
}

const topicOption: OptionDefinition = {
  name: "topic",
  type: "string",
  description: "Pack id or topic tag to draw questions from",
  autocomplete: "topic",
  example: "asyncio",
};

const timeZoneOption: OptionDefinition = {
  name: "timezone",
  type: "string",
  description: "IANA time zone",
  example: "Europe/Berlin",
};

const groupName: OptionDefinition = {
  name: "name",
  type: "string",
  description: "Group name (2-32 letters, digits, spaces, - or _)",
  required: true,
  autocomplete: "group",
  rest: true,
  example: "async-club",
};

export const commandDefinitions: readonly CommandDefinition[] = [
  {
    name: "quiz",
    description: "Quiz rounds and daily quizzes in this channel",
    options: [],
    subcommands: [
      {
        name: "start",
        description: "Start a quiz round in this channel",
        options: [
          topicOption,
          {
            name: "questions",
            type: "integer",
            description: "Number of questions",
            min: 1,
            max: 50,
            example: "5",
          },
          {
            name: "mode",
            type: "string",
            description: "everyone: all answers count; first_correct: the first right answer wins",
            choices: ["everyone", "first_correct"],
          },
          {
            name: "seconds",
            type: "integer",
            description: "Seconds per question",
            min: 5,
            max: 600,
            example: "30",
          },
        ],
      },
      { name: "stop", description: "Stop the running round (its starter or an admin)", options: [] },
      {
        name: "config",
        description: "Channel defaults for rounds",
        admin: true,
        options: [
          { name: "seconds", type: "integer", description: "Seconds per question", min: 5, max: 600 },
          {
            name: "mode",
            type: "string",
            description: "Default round mode",
            choices: ["everyone", "first_correct"],
          },
          timeZoneOption,
        ],
      },
      {
        name: "add",
        group: "schedule",
        description: "Post a daily quiz here on a schedule",
        admin: true,
        options: [
          {
            name: "when",
            type: "string",
            description: "`daily 18:30`, `weekdays 09:00`, `every 15 minutes` or a cron expression",
            required: true,
            // Typed text: the when is several words (`weekdays 09:00`, five cron fields), so it takes the
            // line, and the daily feature splits what follows it into pack, questions and time zone.
            rest: true,
            example: "weekdays 09:00",
          },
          { name: "pack", type: "string", description: "Pack or topic to draw from", autocomplete: "topic" },
          { name: "questions", type: "integer", description: "Questions per post", min: 1, max: 10 },
          timeZoneOption,
          {
            name: "close_before",
            type: "integer",
            description: "Minutes before the next post at which answers close (default 60; open 10 at least)",
            min: 0,
            max: 1440,
            example: "60",
          },
        ],
      },
      { name: "list", group: "schedule", description: "List this channel's daily quizzes", options: [] },
      ...(["pause", "resume", "remove"] as const).map((name) => ({
        name,
        group: "schedule",
        description: `${name[0]?.toUpperCase()}${name.slice(1)} a daily quiz`,
        admin: true,
        options: [
          {
            name: "id",
            type: "integer",
            description: "Schedule number from the list",
            required: true,
            min: 1,
          },
        ],
      })),
    ] as SubcommandDefinition[],
  },
  {
    name: "review",
    description: "Your spaced-repetition reviews, privately",
    defaultSubcommand: "start",
    options: [],
    subcommands: [
      { name: "start", description: "Review the cards that are due now", options: [] },
      {
        name: "settings",
        description: "Desired retention, new cards per day, time zone and reminder time",
        options: [
          {
            name: "retention",
            type: "number",
            description: "Desired retention",
            min: 0.7,
            max: 0.97,
            example: "0.9",
          },
          {
            name: "new_per_day",
            type: "integer",
            description: "New cards per day",
            min: 0,
            max: 200,
            example: "10",
          },
          timeZoneOption,
          {
            name: "reminder",
            type: "string",
            description: "Daily reminder time (HH:MM) or off",
            example: "09:00",
          },
          {
            name: "snippet_cards",
            type: "boolean",
            description: "Add cards on the review's findings when your code is run",
            example: "false",
          },
          {
            name: "easy_days",
            type: "string",
            description: "Weekdays with fewer reviews (sat,sun) or none",
            example: "sat,sun",
          },
          {
            name: "vacation",
            type: "string",
            description: "Pause reviews and reminders: the day you are back, a number of days, on, or off",
            example: "14",
          },
        ],
      },
    ],
  },
  { name: "stats", description: "Your review and quiz progress", options: [], subcommands: [] },
  {
    name: "leaderboard",
    description: "Rankings of a study group",
    options: [
      {
        name: "group",
        type: "string",
        description: "A named group, or server for everyone here (default: this channel)",
        autocomplete: "group",
      },
      { name: "period", type: "string", description: "Period", choices: ["week", "month", "all"] },
      {
        name: "metric",
        type: "string",
        description: "What to rank by",
        choices: ["points", "accuracy", "answers", "streak"],
      },
    ],
    subcommands: [],
  },
  {
    name: "group",
    description: "Named study groups",
    options: [],
    subcommands: [
      { name: "create", description: "Create a study group", options: [groupName] },
      { name: "join", description: "Join a study group", options: [groupName] },
      { name: "leave", description: "Leave a study group", options: [groupName] },
      { name: "list", description: "List this server's study groups", options: [] },
      {
        name: "rename",
        description: "Rename a group you own",
        options: [
          { ...groupName, rest: false },
          { name: "new_name", type: "string", description: "New name", required: true, rest: true },
        ],
      },
      { name: "remove", description: "Remove a group you own", options: [groupName] },
      {
        name: "freezes",
        description: "Turn streak freezes on or off in a group you own",
        options: [
          { ...groupName, rest: false },
          {
            name: "freezes",
            type: "string",
            description: "on or off",
            required: true,
            choices: ["on", "off"],
          },
        ],
      },
    ],
  },
  {
    name: "run",
    description: "Run a Python snippet in the sandbox and show its output",
    options: [
      {
        name: "code",
        type: "string",
        description: "Code (leave empty to open a form)",
        rest: true,
      },
      {
        name: "python",
        type: "string",
        description: "Interpreter to run on (default: the bot's); typed first as python:3.12",
        autocomplete: "interpreter",
        example: "python:3.12",
      },
      {
        name: "input",
        type: "string",
        description: "Standard input for input() (several lines: send /run alone for the form)",
      },
    ],
    subcommands: [],
  },
  {
    name: "explore",
    description: "Run threading/asyncio code under many schedules and show the interleaving that breaks it",
    options: [
      {
        name: "code",
        type: "string",
        description: "Code (leave empty to open a form)",
        rest: true,
      },
    ],
    subcommands: [],
  },
  {
    name: "check",
    description: "Review a Python snippet for concurrency problems without running it",
    options: [
      {
        name: "code",
        type: "string",
        description: "Code to review",
        required: true,
        rest: true,
      },
    ],
    subcommands: [],
  },
  { name: "help", description: "What quizbot can do", options: [], subcommands: [] },
];

/** The "Run & review" action on a message (Discord message command, Slack message shortcut). */
export const runReviewMessageCommand = { name: "Run & review", id: "run-review" } as const;

export function findCommand(name: string): CommandDefinition | undefined {
  return commandDefinitions.find((command) => command.name === name);
}

/** `schedule add` for grouped subcommands, else the plain name. */
export function subcommandKey(subcommand: SubcommandDefinition): string {
  return subcommand.group ? `${subcommand.group} ${subcommand.name}` : subcommand.name;
}
