import type { ExpectedInput } from "../../expected-input.js";
import type { ChannelSettings } from "../channel-settings-store.js";

/**
 * Expected failures and short confirmations, as identifiers with parameters. The adapters hold the wording
 * (src/platforms/shared/wording/notices.ts), so the app never writes a user-facing sentence.
 */
export type Notice =
  | {
      readonly code: "round_running";
      readonly position: number;
      readonly total: number;
      readonly startedBy: string;
    }
  | { readonly code: "no_round" }
  /** `schedule`: the filter came from `/quiz schedule add`, where a misplaced time zone is a likely cause. */
  | { readonly code: "no_questions"; readonly filter: string; readonly schedule?: boolean }
  | { readonly code: "invalid_option"; readonly option: string; readonly expected: ExpectedInput }
  | { readonly code: "unknown_command"; readonly name: string }
  /** `admin`: the platform's admin rights; `starter_or_admin`: those, or having started the round. */
  | { readonly code: "not_allowed"; readonly needed: "admin" | "starter_or_admin" }
  | { readonly code: "already_answered" }
  | { readonly code: "question_closed" }
  | { readonly code: "try_again" }
  | { readonly code: "unknown_action" }
  | { readonly code: "round_stopped"; readonly by: string }
  /** The channel's settings after `/quiz config`; an unset one falls back to the default. */
  | { readonly code: "config_saved"; readonly settings: ChannelSettings }
  | { readonly code: "internal_error" };

export interface NoticeView {
  readonly kind: "notice";
  readonly notice: Notice;
}
