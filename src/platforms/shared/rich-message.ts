import type { Picture } from "../../domain/ports/picture-renderer.js";

/**
 * A platform-neutral message: the shared presenters turn a `View` into this, and each adapter renders it
 * (a Discord embed with components, Slack Block Kit, or terminal text). Wording is final here.
 */
export type Tone = "info" | "success" | "warning" | "danger" | "neutral";

export type Block =
  | { readonly type: "text"; readonly markdown: string }
  | { readonly type: "code"; readonly language: string; readonly code: string }
  | { readonly type: "fields"; readonly fields: readonly { readonly name: string; readonly value: string }[] }
  | {
      readonly type: "table";
      readonly columns: readonly string[];
      /** Right-align numeric columns by index. */
      readonly numeric: readonly number[];
      readonly rows: readonly (readonly string[])[];
    };

export interface Button {
  readonly actionId: string;
  readonly label: string;
  readonly style: "primary" | "secondary" | "success" | "danger";
  readonly disabled?: boolean;
  /** The key a text-only platform shows and accepts ("A", "B"...) instead of a button. */
  readonly key?: string;
}

export interface Select {
  readonly actionId: string;
  readonly placeholder: string;
  readonly options: readonly { readonly value: string; readonly label: string }[];
  readonly minValues: number;
  readonly maxValues: number;
  readonly disabled?: boolean;
}

export interface RichMessage {
  readonly title?: string;
  readonly tone: Tone;
  readonly blocks: readonly Block[];
  readonly buttons?: readonly (readonly Button[])[];
  readonly select?: Select;
  readonly footer?: string;
  /** A long text sent as a file where the platform allows it, else appended. */
  readonly attachment?: { readonly filename: string; readonly content: string };
  /** Files that go with the message as they are (a snippet's ./output): attachments, uploads, or saved. */
  readonly files?: readonly { readonly name: string; readonly data: Uint8Array }[];
  /** Plain-text fallback for notifications and clients without rich rendering. */
  readonly fallback: string;
  /**
   * A picture of the same content (a chart or card), for platforms that post images. Where it is drawn,
   * `blocks` gives way to `picture.blocks`; where it is not (pictures off, the renderer busy or failing,
   * the console), the message stays as it is: its blocks are the text version.
   */
  readonly picture?: MessagePicture;
}

export interface MessagePicture {
  readonly picture: Picture;
  /** e.g. "leaderboard.png". */
  readonly filename: string;
  /** What the picture shows, in plain words, for screen readers (no markup). */
  readonly altText: string;
  /** What the message says beside the picture, instead of its text version. */
  readonly blocks: readonly Block[];
}

export function textMessage(markdown: string, tone: Tone = "neutral"): RichMessage {
  return { tone, blocks: [{ type: "text", markdown }], fallback: markdown };
}
