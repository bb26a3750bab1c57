import { createInterface } from "node:readline";
import type {
  ChannelPresence,
  ChatPlatform,
  ChatUser,
  EventHandler,
  IncomingEvent,
  MessageRef,
  Place,
  PlatformCapabilities,
  Responder,
} from "../../domain/ports/chat-platform.js";
import type { View } from "../../domain/ports/views/index.js";
import { wellFormedText } from "../../domain/text/well-formed-text.js";
import type { FormSpec } from "../shared/form-spec.js";
import { parseCommandText } from "../shared/parse-options.js";
import { present } from "../shared/present.js";
import type { Button } from "../shared/rich-message.js";
import { presentForm } from "../shared/wording/forms.js";
import { saveMessageFiles } from "./console-files.js";
import { InputAssembler } from "./console-input.js";
import { colourStyle, plainStyle, renderText, type TextStyle } from "./render-text.js";

export interface ConsoleOptions {
  readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
  readonly colour: boolean;
  readonly userName: string;
  /** Called once all typed input has been handled (end of a piped script, Ctrl-D, or /quit). */
  readonly onInputEnd?: () => void;
  /** The time events are received at, as Discord and Slack are given it; the system clock by default. */
  readonly now?: () => number;
  /** Where a message's files (a snippet's ./output) are saved: DATA_DIR/files. */
  readonly filesDir?: string;
}

/** The buttons of a message as the console offers them: numbered ones for `!n`, keyed ones typed. */
interface Pressable {
  readonly numbered: readonly Button[];
  readonly keyed: readonly Button[];
  /** Which message came last: `!1` and typed keys act on the newest one a member can see. */
  readonly seq: number;
  readonly private: boolean;
}

interface PendingForm {
  readonly form: FormSpec;
  readonly values: string[];
}

/**
 * A chat in the terminal, in the spirit of Hubot's shell adapter: one channel, members switched with
 * `/as <name>`, buttons shown as `[!1]` to type, private replies marked as such. Piped input is paced so
 * a script can play a whole round: an answer line waits for the next question when its member has
 * already answered the open one.
 */
export class ConsolePlatform implements ChatPlatform {
  readonly name = "console" as const;
  readonly capabilities: PlatformCapabilities = {
    buttons: false,
    privateReplies: true,
    messageEdits: false,
    forms: true,
    threads: false,
    directMessages: true,
    readsChannelMessages: true,
  };
  readonly place: Place = { platform: "console", workspaceId: "local", channelId: "terminal" };

  private readonly style: TextStyle;
  private user: ChatUser;
  private handler: EventHandler | undefined;
  private nextMessage = 1;
  private nextDelivery = 1;
  private roundActive = false;
  private waiters: ((next: "question" | "summary") => void)[] = [];
  /** Buttons of the latest private message per member, and of the latest public message. */
  private readonly privateButtons = new Map<string, Pressable>();
  private publicButtons: Pressable | undefined;
  private shown = 0;
  /** When the channel last showed letters to type (a round's question): from then on letters go there. */
  private publicKeysSeq = 0;
  /** Display names by member id, so a private note names the member as they chose to be called. */
  private readonly names = new Map<string, string>();
  /**
   * Who is in the channel: every member named with `/as`, and the starting member once they have typed
   * anything but `/as` (a script that begins `/as Alice` never had them here).
   */
  private readonly joined = new Set<string>();
  private readonly forms = new Map<string, PendingForm>();
  private closeInput: (() => void) | undefined;

  constructor(private readonly options: ConsoleOptions) {
    this.style = options.colour ? colourStyle : plainStyle;
    this.user = member(options.userName);
    this.names.set(this.user.id, this.user.displayName);
  }

  async start(handler: EventHandler): Promise<void> {
    this.handler = handler;
    const lines = createInterface({ input: this.options.input, terminal: false });
    const assembler = new InputAssembler();
    let queue: Promise<void> = Promise.resolve();
    const pace = !this.options.input.isTTY;
    this.closeInput = () => lines.close();
    this.write(
      this.style.dim(
        `quizbot console: you are ${this.user.displayName}. Type /help, or /quiz start to play.`,
      ),
    );
    lines.on("line", (line) => {
      const input = assembler.push(line);
      if (input !== undefined) queue = queue.then(() => this.handleInput(input, pace));
    });
    lines.on("close", () => {
      const rest = assembler.flush();
      if (rest !== undefined) queue = queue.then(() => this.handleInput(rest, pace));
      void queue.then(() => this.options.onInputEnd?.());
    });
  }

  async stop(): Promise<void> {
    this.handler = undefined;
    this.closeInput?.();
    for (const waiter of this.waiters.splice(0)) waiter("summary");
  }

  async post(_place: Place, view: View): Promise<MessageRef> {
    this.observe(view);
    this.show(view, undefined);
    return { platform: "console", channelId: this.place.channelId, messageId: String(this.nextMessage++) };
  }

  async edit(message: MessageRef, view: View): Promise<void> {
    this.observe(view);
    this.show(view, undefined, `(update to message ${message.messageId})`);
  }

  async directMessage(user: Pick<ChatUser, "platform" | "id">, view: View): Promise<MessageRef | undefined> {
    this.show(view, user.id, `(direct message to ${user.id})`);
    return { platform: "console", channelId: `dm-${user.id}`, messageId: String(this.nextMessage++) };
  }

  /** The members who have joined so far (see `joined`): a snapshot, as the other platforms give. */
  async channelPresence(_place: Place): Promise<ChannelPresence> {
    return { kind: "members", ids: [...this.joined] };
  }

  private async handleInput(raw: string, pace: boolean): Promise<void> {
    const text = raw.trim();
    if (text === "" || !this.handler) return;
    const form = this.forms.get(this.user.id);
    if (form && !text.startsWith("/")) return this.fillForm(form, text);
    if (text === "/quit" || text === "/exit") {
      this.closeInput?.();
      return;
    }
    if (text === "/wait") {
      if (this.roundActive) await this.nextQuestion();
      return;
    }
    const switchTo = /^\/as\s+(.+)$/.exec(text);
    if (switchTo?.[1]) {
      const next = member(switchTo[1]);
      if (next.id === "") {
        this.write(this.style.dim("(a member's name needs at least one visible character)"));
        return;
      }
      this.user = next;
      this.names.set(next.id, next.displayName);
      this.joined.add(next.id);
      this.write(this.style.dim(`(you are now ${this.user.displayName})`));
      return;
    }
    this.joined.add(this.user.id);
    const press = /^!(\d+)$/.exec(text);
    if (press) return this.pressButton(Number(press[1]));
    if (text.startsWith("/")) return this.runCommand(text);
    // A letter typed at a private card (a review) presses its answer button; the channel never sees it.
    const card = this.privateButtons.get(this.user.id);
    const keyed =
      card && card.seq > this.publicKeysSeq
        ? card.keyed.find((button) => button.key === text.toUpperCase())
        : undefined;
    if (card && keyed) return this.press(keyed, card);
    return this.sendMessage(text, pace);
  }

  private async runCommand(text: string): Promise<void> {
    const match = /^\/(\S+)\s*([\s\S]*)$/.exec(text);
    const name = match?.[1]?.toLowerCase() ?? "";
    const parsed = parseCommandText(name, match?.[2] ?? "");
    if (!parsed.ok) {
      const notice =
        parsed.error.code === "unknown_command"
          ? ({ code: "unknown_command", name } as const)
          : ({
              code: "invalid_option",
              option: parsed.error.option,
              expected: parsed.error.expected,
            } as const);
      this.show({ kind: "notice", notice }, this.user.id);
      return;
    }
    await this.deliver({
      type: "command",
      name: parsed.value.name,
      ...(parsed.value.subcommand ? { subcommand: parsed.value.subcommand } : {}),
      options: parsed.value.options,
      text: match?.[2] ?? "",
      ...this.envelope(),
    });
  }

  private async sendMessage(text: string, pace: boolean): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const buffered: View[] = [];
      await this.deliver({ type: "message", text, ...this.envelope(buffered) });
      const refused = buffered.some(
        (view) =>
          view.kind === "notice" &&
          (view.notice.code === "already_answered" || view.notice.code === "question_closed"),
      );
      if (pace && this.roundActive && (buffered.length === 0 || refused)) {
        // The member already answered (or the question is between reveal and next): wait for the next one.
        if ((await this.nextQuestion()) === "question") continue;
      }
      for (const view of buffered) this.show(view, this.user.id);
      return;
    }
  }

  private async pressButton(number: number): Promise<void> {
    const pressable = this.newestFor(this.user.id);
    const button = pressable?.numbered[number - 1];
    if (!pressable || !button || button.disabled) {
      this.write(this.style.dim(`(no button !${number} here)`));
      return;
    }
    await this.press(button, pressable);
  }

  private async press(button: Button, from: Pressable): Promise<void> {
    if (button.disabled) {
      this.write(this.style.dim("(that button is no longer active)"));
      return;
    }
    await this.deliver({
      type: "button",
      actionId: button.actionId,
      ...this.envelope(undefined, from.private),
    });
  }

  /** The newest message with numbered buttons that this member can see: their own private one or the channel's. */
  private newestFor(memberId: string): Pressable | undefined {
    const candidate = this.privateButtons.get(memberId);
    const own = candidate && candidate.numbered.length > 0 ? candidate : undefined;
    const shared = this.publicButtons;
    if (!own) return shared;
    if (!shared) return own;
    return own.seq > shared.seq ? own : shared;
  }

  private async fillForm(form: PendingForm, text: string): Promise<void> {
    const value = text.replace(/^```[a-z]*\n?/i, "").replace(/\n?```$/, "");
    // Empty lines are not input here, so an optional field is skipped with a lone "-".
    const field = form.form.fields[form.values.length];
    form.values.push(field?.optional && value === "-" ? "" : value);
    const next = form.form.fields[form.values.length];
    if (next) {
      this.write(this.style.bold(`${next.label}:`) + this.style.dim(next.optional ? " (- for none)" : ""));
      return;
    }
    this.forms.delete(this.user.id);
    const fields = Object.fromEntries(
      form.form.fields.map((field, index) => [field.id, form.values[index] ?? ""]),
    );
    await this.deliver({ type: "form", formId: form.form.formId, fields, ...this.envelope() });
  }

  /** `fromPrivate`: the event came from a private message, so updating that message stays private. */
  private envelope(buffer?: View[], fromPrivate = false) {
    const user = this.user;
    return {
      user,
      place: this.place,
      deliveryId: `console-${this.nextDelivery++}`,
      receivedAt: new Date((this.options.now ?? Date.now)()),
      reply: this.responder(user, buffer, fromPrivate),
    };
  }

  private responder(user: ChatUser, buffer?: View[], fromPrivate = false): Responder {
    return {
      public: async (view) => this.post(this.place, view),
      private: async (view) => {
        if (buffer) buffer.push(view);
        else this.show(view, user.id);
      },
      update: async (view) => {
        this.observe(view);
        this.show(view, fromPrivate ? user.id : undefined, "(updated)");
      },
      defer: async () => {},
      openForm: async (view) => {
        const form = presentForm(view);
        this.forms.set(user.id, { form, values: [] });
        const first = form.fields[0];
        this.write(
          this.style.bold(`${form.title}: ${first?.label ?? ""}`) +
            this.style.dim(first?.multiline ? " (a ```python fenced block for several lines)" : ""),
        );
      },
    };
  }

  private async deliver(event: IncomingEvent): Promise<void> {
    await this.handler?.(event);
  }

  private observe(view: View): void {
    if (view.kind === "question" && view.state === "open") {
      this.roundActive = true;
      for (const waiter of this.waiters.splice(0)) waiter("question");
    } else if (view.kind === "round_summary") {
      this.roundActive = false;
      for (const waiter of this.waiters.splice(0)) waiter("summary");
    } else if (view.kind === "round_started") {
      this.roundActive = true;
    }
  }

  private nextQuestion(): Promise<"question" | "summary"> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private show(view: View, privateTo: string | undefined, note?: string): void {
    const message = present(view, this.capabilities);
    const all = (message.buttons ?? []).flat();
    if (all.length > 0) {
      const pressable: Pressable = {
        numbered: all.filter((button) => !button.key),
        keyed: all.filter((button) => button.key),
        seq: ++this.shown,
        private: privateTo !== undefined,
      };
      if (privateTo !== undefined) this.privateButtons.set(privateTo, pressable);
      else {
        if (pressable.numbered.length > 0) this.publicButtons = pressable;
        if (pressable.keyed.length > 0) this.publicKeysSeq = pressable.seq;
      }
    }
    const extra = view.kind === "help" ? `\n${this.style.dim(consoleHelp)}` : "";
    const saved = saveMessageFiles(this.options.filesDir, message, this.shown);
    const files = saved.length > 0 ? `\n${this.style.dim("Files saved:")}\n${saved.join("\n")}` : "";
    const body = renderText(message, this.style) + files + extra;
    const who = privateTo ? (this.names.get(privateTo) ?? privateTo) : undefined;
    // The console's own player is called "you" until they pick a name with /as.
    const prefix = who
      ? this.style.dim(who === "you" ? "(only you see this) " : `(only ${who} sees this) `)
      : "";
    this.write(`${note ? `${this.style.dim(note)}\n` : ""}${prefix}${body}`);
  }

  private write(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

/** What only the terminal has, shown under the shared command list. */
const consoleHelp = [
  "In the console:",
  '  A, B, ... or 1, 2, ...  answer a question or your review card (several letters for "pick every correct option")',
  "  !1, !2, ...            press a numbered button of the last message with buttons (yours or the channel's)",
  "  /as <name>             play as another member (try a round with two players)",
  "  /wait                  wait for the next question (in scripts)",
  "  /quit                  leave (Ctrl-D too); a running round plays out first",
].join("\n");

function member(name: string): ChatUser {
  // Control characters (NUL above all) would become part of the member's id, which the database refuses.
  // Whitespace first, so that a tab between two words (itself a control character) still parts them.
  const clean = wellFormedText(name)
    .replace(/\s+/g, " ")
    .replace(/\p{Cc}/gu, "")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, 40);
  return { platform: "console", id: clean.toLowerCase(), displayName: clean, isAdmin: true };
}
