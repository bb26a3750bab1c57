import { setTimeout as sleep } from "node:timers/promises";
import type { types, webApi } from "@slack/bolt";
import type { PictureFile } from "../shared/picture-attachment.js";
import { slackErrorCode } from "./web-api-errors.js";

type WebClient = webApi.WebClient;

/** How long a private reply waits for Slack to process its picture (SLACK_PRIVATE_PICTURES). */
export interface PrivatePictureOptions {
  /**
   * The most time spent pausing between `files.info` calls before the reply goes out as text (ms, 4000 by
   * default): Slack gives no sign of readiness but `files.info`, and a private board should not keep its
   * member waiting longer than a slow command would.
   */
  readonly waitMs?: number;
  /** The first pause between `files.info` calls (ms, 250 by default), doubled each time up to 1 s. */
  readonly pollMs?: number;
}

/**
 * Why a private reply went out without its picture; logged, never shown. `scope_missing_earlier`: not
 * tried, since `missing_scope` came back less than 10 minutes ago.
 */
export type NoPrivatePicture =
  | "upload_failed"
  | "missing_scope"
  | "scope_missing_earlier"
  | "info_failed"
  | "not_processed";

/** Slack's limit on an image's alt text (https://docs.slack.dev/reference/block-kit/blocks/image-block). */
const altTextLimit = 2000;
/** After `missing_scope`, how long uploads are skipped before the scope is tried again (a reinstall adds it). */
const scopeRetryMs = 10 * 60_000;

/**
 * A picture for an ephemeral message, which cannot carry an upload (docs/slack.md, "Pictures in private
 * replies"). The PNG goes up through files.uploadV2 without a channel, so the file is the bot's alone and
 * nobody else sees it; `files.info` (scope `files:read`) is asked, with growing pauses, until it reports a
 * `mimetype`, the only known sign that Slack has processed the file (before that a message naming it is
 * refused with `invalid_blocks`, https://github.com/slackapi/java-slack-sdk/issues/1349); then the reply
 * names the file in an `image` block (`slack_file: { id }`). Anything short of that is a value, and the
 * reply keeps its text version alone; an uploaded file that is not used is deleted.
 */
export class SlackPrivatePictures {
  private readonly waitMs: number;
  private readonly pollMs: number;
  private scopeMissingSince: number | undefined;

  constructor(
    private readonly client: WebClient,
    options: PrivatePictureOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.waitMs = options.waitMs ?? 4000;
    this.pollMs = Math.max(1, options.pollMs ?? 250);
  }

  /** The image block for `image`, once Slack has it ready; why not otherwise. */
  async imageBlock(
    image: PictureFile,
  ): Promise<
    { readonly block: types.ImageBlock } | { readonly missing: NoPrivatePicture; readonly error?: unknown }
  > {
    if (this.scopeMissingSince !== undefined && this.now() - this.scopeMissingSince < scopeRetryMs) {
      return { missing: "scope_missing_earlier" };
    }
    let fileId: string | undefined;
    try {
      fileId = await this.upload(image);
    } catch (error) {
      return { missing: "upload_failed", error };
    }
    if (!fileId) return { missing: "upload_failed" };
    const ready = await this.waitUntilProcessed(fileId);
    if (ready === true) {
      return { block: { type: "image", slack_file: { id: fileId }, alt_text: clipAltText(image.altText) } };
    }
    // Not to be used: a file nobody will see, so it does not stay in the bot's files.
    this.client.files.delete({ file: fileId }).catch(() => {});
    return ready;
  }

  /** The file's id: uploaded without `channel_id`, so Slack shares it nowhere. */
  private async upload(image: PictureFile): Promise<string | undefined> {
    const result = await this.client.files.uploadV2({
      filename: image.filename,
      title: image.filename,
      file: Buffer.from(image.png.buffer, image.png.byteOffset, image.png.byteLength),
      alt_text: clipAltText(image.altText),
    });
    const completions = (result as { files?: { files?: { id?: string }[] }[] }).files ?? [];
    return completions[0]?.files?.[0]?.id;
  }

  /** `true` once `files.info` shows a mimetype; the reason to give up otherwise. */
  private async waitUntilProcessed(
    fileId: string,
  ): Promise<true | { readonly missing: NoPrivatePicture; readonly error?: unknown }> {
    let pause = this.pollMs;
    let waited = 0;
    for (;;) {
      try {
        const info = await this.client.files.info({ file: fileId });
        if (info.file?.mimetype) return true;
      } catch (error) {
        if (slackErrorCode(error) === "missing_scope") {
          this.scopeMissingSince = this.now();
          return { missing: "missing_scope", error };
        }
        return { missing: "info_failed", error };
      }
      // The budget counts pauses, not the clock: a loaded machine stretches the wait, never cuts it short.
      if (waited + pause > this.waitMs) return { missing: "not_processed" };
      await sleep(pause);
      waited += pause;
      pause = Math.min(pause * 2, 1000);
    }
  }
}

/** The alt text within Slack's limit. */
export function clipAltText(text: string): string {
  return text.length <= altTextLimit ? text : `${text.slice(0, altTextLimit - 1)}…`;
}
