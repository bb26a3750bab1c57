/**
 * A form a member fills in (a Discord modal, a Slack modal, the console's prompts), as data: which form
 * and what it needs. The platform adapters give it its title, labels and hints
 * (`platforms/shared/wording/forms.ts`). The submission arrives as a `FormEvent` with `formId` and the
 * field named here: `code` for the code forms (and `input`, the run's standard input, maybe empty), `answer`
 * for a typed answer.
 */
export type FormView =
  /** `/run` without code, with an optional standard input; `formId` carries the interpreter asked for. */
  | { readonly kind: "run_code"; readonly formId: string }
  /** `/explore` without code. */
  | { readonly kind: "explore_code"; readonly formId: string }
  /** A challenge's solution, opened on the challenge's starter code. */
  | {
      readonly kind: "challenge_solution";
      readonly formId: string;
      /** 0-based, as questions are numbered in a round. */
      readonly position: number;
      readonly starter: string;
    }
  /** A typed answer on a platform that does not read channel messages (several lines for output questions). */
  | {
      readonly kind: "typed_answer";
      readonly formId: string;
      readonly position: number;
      readonly multiline: boolean;
    };

/** The longest code a code form takes, in characters (Discord's text input limit). */
export const maxFormCodeChars = 4000;
/** The longest typed answer a form takes. */
export const maxFormAnswerChars = 500;
