import { readFile } from "node:fs/promises";
import type { CodeReview, ReviewFinding } from "../../domain/ports/code-reviewer.js";
import { reviewedTopics } from "../../domain/ports/code-reviewer.js";
import { reviewedTopicNames } from "../../platforms/shared/wording/code-review.js";
import { ProcessCodeReviewer } from "../../review/process-code-reviewer.js";
import { type CliCommand, type CliContext, UsageError } from "../command.js";

/**
 * `quizbot review`: the concurrency review the bot shows under a run, without running anything.
 * Exit 0 when clean, 1 with findings (a syntax error is one), 2 on bad input (no file, unreadable, not
 * UTF-8 text, or too complex to review).
 */
export const reviewCommand: CliCommand = {
  name: "review",
  summary: "Review a Python file (or - for stdin) for concurrency problems, without running it",
  usage: "[--json] FILE|-",
  help: {
    json: "print one JSON object: status and findings (rule id, line, column, title, why, fix, docs, tags)",
  },
  options: { json: { type: "boolean" } },
  allowPositionals: true,
  async run(context) {
    const [source, ...extra] = context.positionals;
    if (source === undefined || extra.length > 0) throw new UsageError("expected one FILE or -");
    const code = await readCode(context, source);
    if (code === undefined) return 2;
    const reviewer = new ProcessCodeReviewer();
    try {
      const review = await reviewer.review(code);
      report(context, source, review, context.values.json === true);
      if (review.status === "reviewed") return review.findings.length === 0 ? 0 : 1;
      return review.status === "syntax_error" ? 1 : 2;
    } finally {
      await reviewer.close();
    }
  },
};

async function readCode(context: CliContext, source: string): Promise<string | undefined> {
  let bytes: Buffer;
  try {
    bytes = source === "-" ? await readAll(context.stdin) : await readFile(source);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    context.stderr.write(`quizbot review: cannot read ${source} (${reason})\n`);
    return undefined;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    context.stderr.write(`quizbot review: ${source} is not UTF-8 text\n`);
    return undefined;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}

function report(context: CliContext, source: string, review: CodeReview, json: boolean): void {
  if (json) {
    const findings = "findings" in review ? review.findings : [];
    context.stdout.write(`${JSON.stringify({ file: source, status: review.status, findings })}\n`);
    return;
  }
  if (review.status === "too_complex") {
    context.stdout.write(`${source}: too complex to review (the reviewer's depth, time or memory limit)\n`);
    return;
  }
  if (review.status === "unavailable") {
    context.stdout.write(`${source}: the reviewer could not start\n`);
    return;
  }
  if (review.findings.length === 0) {
    context.stdout.write(
      `${source}: no concurrency problems found (checked: ${reviewedTopics.map((topic) => reviewedTopicNames[topic]).join(", ")})\n`,
    );
    return;
  }
  context.stdout.write(`${review.findings.map((finding) => describe(source, finding)).join("\n\n")}\n`);
}

function describe(source: string, finding: ReviewFinding): string {
  const head = `${source}:${finding.line}:${finding.column}: ${finding.ruleId} ${finding.title}`;
  const lines = [head];
  if (finding.message !== undefined) lines.push(`  ${finding.message}`);
  if (finding.excerpt !== undefined) {
    lines.push(`    ${finding.excerpt}`, `    ${" ".repeat(Math.max(0, (finding.excerptColumn ?? 1) - 1))}^`);
  }
  lines.push(`  why: ${finding.why}`, `  fix: ${finding.fix}`, `  docs: ${finding.docs}`);
  if (finding.tags.length > 0) lines.push(`  pack tags: ${finding.tags.join(", ")}`);
  return lines.join("\n");
}
