/**
 * One thing wrong with a quiz pack, pinned to the file (and, when there is one, the line and column of
 * the offending YAML node) so an author can jump straight to it.
 */
export interface PackProblem {
  /** As given to the loader, joined with the file name: relative stays relative. */
  readonly file: string;
  /** 1-based; absent for problems with a folder or a missing file, which have no line. */
  readonly line?: number;
  readonly column?: number;
  /** The question's id, or `#3` (1-based position in its file) when it has no usable id. */
  readonly question?: string;
  readonly message: string;
}

/**
 * `quizzes/python-concurrency/asyncio.yaml:42:5 question asyncio-taskgroup-1: answer index 4 is out of range (3 choices)`:
 * the `file:line:col` shape editors and terminals turn into links.
 */
export function formatPackProblem(problem: PackProblem): string {
  const where =
    problem.line === undefined
      ? `${problem.file}:`
      : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const subject = problem.question === undefined ? "" : `question ${problem.question}: `;
  return `${where} ${subject}${problem.message}`;
}
