/** One file the fake Slack was given through files.getUploadURLExternal and files.completeUploadExternal. */
export interface FakeFile {
  readonly id: string;
  readonly filename: string;
  readonly altText: string | undefined;
  /** Where completeUploadExternal shared it; empty: the file is private to the bot that uploaded it. */
  channels: string[];
  completed: boolean;
  deleted: boolean;
  /** files.info calls about it so far. */
  infoCalls: number;
}

type Body = Record<string, unknown>;

/**
 * The fake Slack's files, with the one behaviour of real Slack that private pictures depend on: an upload
 * is processed asynchronously, and until then `files.info` shows no `mimetype` and a message whose
 * `image` block names the file is refused with `invalid_blocks` ("invalid slack file",
 * https://github.com/slackapi/java-slack-sdk/issues/1349). Processing time is counted in `files.info`
 * answers rather than milliseconds, so a test decides how many polls see the file unprocessed without
 * depending on the machine's speed.
 */
export class FakeFiles {
  readonly byId = new Map<string, FakeFile>();
  /** How many files.info answers show a file unprocessed before it is ready; Infinity: never ready. */
  unprocessedFor = 0;
  private counter = 0;

  /** files.getUploadURLExternal: a new file id and where to send its bytes. */
  reserve(args: Body, baseUrl: string): Body {
    this.counter += 1;
    const id = `F${this.counter}`;
    this.byId.set(id, {
      id,
      filename: String(args.filename ?? ""),
      altText: typeof args.alt_text === "string" ? args.alt_text : undefined,
      channels: [],
      completed: false,
      deleted: false,
      infoCalls: 0,
    });
    return { ok: true, upload_url: `${baseUrl}/upload/${id}`, file_id: id };
  }

  /** files.completeUploadExternal: shared into `channel_id` or `channels`, or nowhere without either. */
  complete(args: Body): Body {
    const listed = Array.isArray(args.files) ? (args.files as { id?: unknown }[]) : [];
    const channels = [
      ...(typeof args.channel_id === "string" ? [args.channel_id] : []),
      ...(typeof args.channels === "string" ? args.channels.split(",") : []),
    ];
    const files = listed.map((entry) => this.byId.get(String(entry.id)));
    if (files.some((file) => !file)) return { ok: false, error: "file_not_found" };
    for (const file of files) {
      if (!file) continue;
      file.completed = true;
      file.channels = channels;
    }
    return { ok: true, files: files.map((file) => ({ id: file?.id, title: file?.filename })) };
  }

  /** files.info: the file without a mimetype until it is processed. */
  info(args: Body): Body {
    const file = this.byId.get(String(args.file));
    if (!file || file.deleted || !file.completed) return { ok: false, error: "file_not_found" };
    file.infoCalls += 1;
    const ready = file.infoCalls > this.unprocessedFor;
    return {
      ok: true,
      file: {
        id: file.id,
        name: file.filename,
        channels: file.channels,
        // Empty until processed, as the real files.info shows it.
        mimetype: ready ? "image/png" : "",
        filetype: ready ? "png" : "",
      },
    };
  }

  delete(args: Body): Body {
    const file = this.byId.get(String(args.file));
    if (!file || file.deleted) return { ok: false, error: "file_not_found" };
    file.deleted = true;
    return { ok: true };
  }

  /** Whether Slack would have it ready for an image block: completed, not deleted, and processed. */
  ready(id: string): boolean {
    const file = this.byId.get(id);
    return file?.completed === true && !file.deleted && file.infoCalls > this.unprocessedFor;
  }

  /** Slack's refusal of a message whose image blocks name a file not ready, or undefined when all are. */
  refusal(blocks: unknown): Body | undefined {
    if (!Array.isArray(blocks)) return undefined;
    const errors = blocks.flatMap((block: unknown, index) => {
      const id = (block as { slack_file?: { id?: unknown } } | null)?.slack_file?.id;
      if (id === undefined || this.ready(String(id))) return [];
      return [`invalid slack file [json-pointer:/blocks/${index}/slack_file]`];
    });
    return errors.length === 0
      ? undefined
      : { ok: false, error: "invalid_blocks", errors, response_metadata: { messages: errors } };
  }
}
