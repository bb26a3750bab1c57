import { type FormView, maxFormAnswerChars, maxFormCodeChars } from "../../../domain/ports/views/form.js";
import type { FormSpec } from "../form-spec.js";

/** The words of a form: its title, its field's label and hint. */
export function presentForm(form: FormView): FormSpec {
  switch (form.kind) {
    case "run_code":
      return {
        formId: form.formId,
        title: "Run Python",
        fields: [
          {
            id: "code",
            label: "Code to run",
            multiline: true,
            placeholder: "print('hello')",
            maxLength: maxFormCodeChars,
          },
          {
            id: "input",
            label: "Standard input (optional)",
            multiline: true,
            placeholder: "What input() reads, line by line",
            maxLength: maxFormCodeChars,
            optional: true,
          },
        ],
      };
    case "explore_code":
      return {
        formId: form.formId,
        title: "Explore interleavings",
        fields: [
          { id: "code", label: "Threading or asyncio code", multiline: true, maxLength: maxFormCodeChars },
        ],
      };
    case "challenge_solution":
      return {
        formId: form.formId,
        title: `Challenge ${form.position + 1}`,
        fields: [
          {
            id: "code",
            label: "Your solution (Python)",
            multiline: true,
            initial: form.starter,
            maxLength: maxFormCodeChars,
          },
        ],
      };
    case "typed_answer":
      return {
        formId: form.formId,
        title: `Question ${form.position + 1}`,
        fields: [
          { id: "answer", label: "Your answer", multiline: form.multiline, maxLength: maxFormAnswerChars },
        ],
      };
  }
}
