import { wellFormedText } from "../../domain/text/well-formed-text.js";

/**
 * Code as a UTF-8 file and the database can hold it, so the code that runs, the code shown in the channel
 * and the code stored (which "Run again" runs) are the same text. A NUL is dropped: CPython refuses source
 * holding one, PostgreSQL cannot store it, and in a chat message nobody can see it. A lone surrogate (half
 * of a UTF-16 pair, as a cut-off message can leave) becomes U+FFFD, which is what writing it as UTF-8 makes
 * of it anyway.
 */
export function wellFormedCode(text: string): string {
  return wellFormedText(text);
}
