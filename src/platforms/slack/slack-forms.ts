import type { types } from "@slack/bolt";
import type { FormSpec } from "../shared/form-spec.js";

/** Where a form was opened: a modal's submission carries no channel, so it travels in private_metadata. */
export interface FormOrigin {
  readonly workspaceId: string;
  readonly channelId: string;
}

/**
 * A `FormSpec` as a modal (https://docs.slack.dev/surfaces/modals): one input block per field with a
 * plain_text_input, multiline for code. Block and action ids are the field id, so the submission maps back.
 */
export function modalView(form: FormSpec, origin: FormOrigin): types.ModalView {
  return {
    type: "modal",
    callback_id: form.formId,
    private_metadata: JSON.stringify(origin),
    title: { type: "plain_text", text: clip(form.title, 24) },
    submit: { type: "plain_text", text: "Submit" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: form.fields.map((field) => ({
      type: "input",
      block_id: field.id,
      ...(field.optional ? { optional: true } : {}),
      label: { type: "plain_text", text: clip(field.label, 2000) },
      element: {
        type: "plain_text_input",
        action_id: field.id,
        multiline: field.multiline,
        ...(field.placeholder
          ? { placeholder: { type: "plain_text", text: clip(field.placeholder, 150) } }
          : {}),
        ...(field.initial ? { initial_value: field.initial } : {}),
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
      },
    })),
  };
}

/** The submitted values by field id; fields left empty come back as "". */
export function submittedFields(
  values: Readonly<Record<string, Readonly<Record<string, { readonly value?: string | null }>>>>,
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const block of Object.values(values)) {
    for (const [actionId, element] of Object.entries(block)) fields[actionId] = element.value ?? "";
  }
  return fields;
}

export function parseOrigin(privateMetadata: string | undefined): FormOrigin | undefined {
  if (!privateMetadata) return undefined;
  try {
    const parsed = JSON.parse(privateMetadata) as Partial<FormOrigin>;
    if (typeof parsed.workspaceId === "string" && typeof parsed.channelId === "string") {
      return { workspaceId: parsed.workspaceId, channelId: parsed.channelId };
    }
  } catch {
    // Not ours (another modal): treated as no origin.
  }
  return undefined;
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
