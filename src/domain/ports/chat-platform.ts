import type { FormView } from "./views/form.js";
import type { View } from "./views/index.js";

/**
 * The one interface Discord, Slack and the console implement. Adapters translate only: they turn platform
 * events into `IncomingEvent`s and render `View`s (data, no wording) into platform messages.
 */
export type PlatformName = "discord" | "slack" | "console";

export interface ChatUser {
  readonly platform: PlatformName;
  readonly id: string;
  readonly displayName: string;
  /** Whether the platform says this member may administer the channel (Manage Server, workspace admin...). */
  readonly isAdmin: boolean;
}

/** Where something happens: a Discord guild or Slack workspace, and a channel in it. */
export interface Place {
  readonly platform: PlatformName;
  readonly workspaceId: string;
  readonly channelId: string;
}

/** Enough to edit a message later, from any process: stored as JSON. */
export interface MessageRef {
  readonly platform: PlatformName;
  readonly channelId: string;
  readonly messageId: string;
}

export interface PlatformCapabilities {
  readonly buttons: boolean;
  readonly privateReplies: boolean;
  readonly messageEdits: boolean;
  readonly forms: boolean;
  readonly threads: boolean;
  readonly directMessages: boolean;
  /** Whether free-text channel messages reach the bot (Discord without the Message Content intent: no). */
  readonly readsChannelMessages: boolean;
}

export type OptionValue = string | number | boolean;

interface EventBase {
  readonly user: ChatUser;
  readonly place: Place;
  /** The platform's id for this delivery; a re-delivery carries the same id. */
  readonly deliveryId: string;
  readonly receivedAt: Date;
  readonly reply: Responder;
}

export interface CommandEvent extends EventBase {
  readonly type: "command";
  readonly name: string;
  readonly subcommand?: string;
  /** Typed options as the platform delivered them (Discord) or raw text to parse (Slack, console). */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly text?: string;
}

export interface ButtonEvent extends EventBase {
  readonly type: "button";
  /** Stable action id the bot put on the button; never trusted without checking (see app/rounds/round-actions.ts). */
  readonly actionId: string;
  /** Values picked in a select menu, when the control was one. */
  readonly values?: readonly string[];
  readonly message?: MessageRef;
}

export interface TextMessageEvent extends EventBase {
  readonly type: "message";
  readonly text: string;
}

export interface FormEvent extends EventBase {
  readonly type: "form";
  readonly formId: string;
  readonly fields: Readonly<Record<string, string>>;
}

export interface MessageCommandEvent extends EventBase {
  readonly type: "message_command";
  /** e.g. "run-review" for "Run & review" on a message. */
  readonly name: string;
  readonly targetText: string;
  readonly targetAuthor: ChatUser | undefined;
}

export interface AutocompleteEvent {
  readonly type: "autocomplete";
  readonly user: ChatUser;
  readonly place: Place;
  readonly name: string;
  readonly subcommand?: string;
  readonly option: string;
  /**
   * What the option lists ("topic", "pack", "group"), as the platform's command catalogue declares it:
   * the router hands the event to the feature with a list of that kind. Absent: nothing to suggest.
   */
  readonly kind?: string;
  readonly partial: string;
  respond(choices: readonly { name: string; value: string }[]): Promise<void>;
}

export type IncomingEvent =
  | CommandEvent
  | ButtonEvent
  | TextMessageEvent
  | FormEvent
  | MessageCommandEvent
  | AutocompleteEvent;

/** The ways to answer one incoming event. */
export interface Responder {
  /** Visible to everyone in the channel. */
  public(view: View): Promise<MessageRef | undefined>;
  /** Visible only to the member who acted (ephemeral); a DM or a marked line where the platform has no such thing. */
  private(view: View): Promise<void>;
  /** Replace the message the event came from (a button's message). */
  update(view: View): Promise<void>;
  /** Acknowledge now, answer later (Discord's 3 s, Slack's ack). Further calls complete the deferral. */
  defer(options: { readonly private: boolean }): Promise<void>;
  openForm(form: FormView): Promise<void>;
}

export type EventHandler = (event: IncomingEvent) => Promise<void>;

/**
 * Who could answer in a channel, as far as the platform can honestly tell, never counting the bot itself:
 * the members by their platform ids, or only how many there are at most (a larger number is safe: it only
 * keeps a question open to its timer). `unknown` when the platform cannot say.
 */
export type ChannelPresence =
  | { readonly kind: "members"; readonly ids: readonly string[] }
  | { readonly kind: "at_most"; readonly count: number }
  | { readonly kind: "unknown" };

export interface ChatPlatform {
  readonly name: PlatformName;
  readonly capabilities: PlatformCapabilities;
  /** Connects and starts delivering events to `handler`; resolves once ready. */
  start(handler: EventHandler): Promise<void>;
  stop(): Promise<void>;
  /** Messages not in reply to an event: round timers, daily quizzes, reminders. */
  post(place: Place, view: View): Promise<MessageRef>;
  edit(message: MessageRef, view: View): Promise<void>;
  /** `undefined` when the member does not accept direct messages. */
  directMessage(user: Pick<ChatUser, "platform" | "id">, view: View): Promise<MessageRef | undefined>;
  /**
   * Who is in the channel now (see `ChannelPresence`), asked once per round as its first question opens.
   * Never rejects for an expected failure (no permission, a channel too big to list): `unknown` instead.
   * Absent: `unknown`.
   */
  channelPresence?(place: Place): Promise<ChannelPresence>;
}
