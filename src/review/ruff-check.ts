import { type Diagnostic, PositionEncoding, Workspace } from "@astral-sh/ruff-wasm-nodejs";
import { ruffCodeRules } from "./rule-catalog.js";

/** What Ruff reported, in catalog terms: a syntax error, or findings of the Ruff-backed rules. */
export interface RuffResult {
  readonly syntaxError?: { readonly line: number; readonly column: number; readonly message: string };
  readonly findings: readonly { readonly ruleId: string; readonly line: number; readonly column: number }[];
}

let workspace: Workspace | undefined;

function ruffWorkspace(): Workspace {
  workspace ??= new Workspace(
    {
      "target-version": "py313",
      lint: { select: [...ruffCodeRules.keys()] },
    },
    PositionEncoding.Utf16,
  );
  return workspace;
}

/** Builds Ruff's workspace ahead of the first review (it takes a few hundred milliseconds). */
export function warmRuff(): void {
  ruffWorkspace().check("import asyncio\n\nasync def main():\n    await asyncio.sleep(0)\n");
}

/** Runs Ruff on the snippet. A Ruff failure throws; the caller reports the snippet as too complex. */
export function ruffCheck(code: string): RuffResult {
  let diagnostics: Diagnostic[];
  try {
    diagnostics = ruffWorkspace().check(code);
  } catch (error) {
    // A trapped WebAssembly instance is not to be trusted again.
    workspace = undefined;
    throw error;
  }
  const syntax = diagnostics.find(
    (diagnostic) => diagnostic.code === "invalid-syntax" || diagnostic.code === null,
  );
  if (syntax) {
    return {
      syntaxError: {
        line: syntax.start_location.row,
        column: syntax.start_location.column,
        message: syntax.message,
      },
      findings: [],
    };
  }
  const findings = diagnostics.flatMap((diagnostic) => {
    const ruleId = diagnostic.code ? ruffCodeRules.get(diagnostic.code) : undefined;
    return ruleId
      ? [{ ruleId, line: diagnostic.start_location.row, column: diagnostic.start_location.column }]
      : [];
  });
  return { findings };
}
