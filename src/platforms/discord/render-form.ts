import { type APIModalInteractionResponseCallbackData, ComponentType, TextInputStyle } from "discord.js";
import type { FormSpec } from "../shared/form-spec.js";

/**
 * A form as a Discord modal: one text input per action row, at most five, within Discord's lengths
 * (title and label 45, placeholder 100, value 4,000; https://discord.com/developers/docs/components/reference#text-input).
 */
export function renderForm(form: FormSpec): APIModalInteractionResponseCallbackData {
  return {
    custom_id: form.formId,
    title: form.title.slice(0, 45),
    components: form.fields.slice(0, 5).map((field) => ({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.TextInput,
          custom_id: field.id,
          label: field.label.slice(0, 45),
          style: field.multiline ? TextInputStyle.Paragraph : TextInputStyle.Short,
          required: field.optional !== true,
          ...(field.placeholder ? { placeholder: field.placeholder.slice(0, 100) } : {}),
          ...(field.initial ? { value: field.initial.slice(0, 4000) } : {}),
          ...(field.maxLength ? { max_length: Math.min(field.maxLength, 4000) } : {}),
        },
      ],
    })),
  };
}
