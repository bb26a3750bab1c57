/**
 * The Python side of a challenge run, kept apart from the TypeScript that fills it in so each reads
 * on its own. `__CHECKS__` is replaced by a list of `(name, code)` string literals.
 *
 * Threat model, so nobody over-trusts it: the nonce comes from stdin, which the harness reads before
 * the member's module is imported, so a member who prints a made-up report line cannot guess the
 * prefix that makes it count. The report is encoded by harness-local code with functions captured
 * before the import, so casual monkeypatching of `json` or `print` cannot rewrite it. Code that digs
 * through interpreter frames can defeat any in-process harness; the sandbox, not this file, is the
 * security boundary, and a challenge verdict is practice feedback.
 */
export const CHALLENGE_HARNESS = `# quizbot challenge harness: imports the member's solution.py, runs the hidden checks, reports once.
import os
import sys
import traceback

CHECKS = __CHECKS__
MAX_ERROR = 300


def _main():
    nonce = sys.stdin.readline().strip()
    write, flush = sys.stdout.write, sys.stdout.flush
    format_only, extract_tb = traceback.format_exception_only, traceback.extract_tb
    text, ordinal, length, do_exec, do_compile = str, ord, len, exec, compile
    module_file = globals().get("__file__")
    # python3 -I leaves the script's folder off sys.path; solution.py sits beside this file.
    here = os.path.dirname(os.path.abspath(module_file)) if module_file else os.getcwd()
    sys.path.insert(0, here)

    def describe(error):
        lines = format_only(type(error), error)
        summary = lines[-1].strip() if lines else type(error).__name__
        if isinstance(error, SyntaxError) and error.lineno:
            summary = "%s: %s (solution.py line %d)" % (type(error).__name__, error.msg, error.lineno)
        else:
            member_lines = [f.lineno for f in extract_tb(error.__traceback__) if f.filename.endswith("solution.py")]
            if member_lines:
                summary += " (solution.py line %d)" % member_lines[-1]
        return summary if length(summary) <= MAX_ERROR else summary[: MAX_ERROR - 3] + "..."

    def quote(value):
        # Hand-made JSON string encoding: ASCII only, and out of reach of a patched json module.
        parts = ['"']
        for ch in text(value):
            code = ordinal(ch)
            if ch == '"' or ch == "\\\\":
                parts.append("\\\\" + ch)
            elif 0x20 <= code < 0x7F:
                parts.append(ch)
            elif code > 0xFFFF:
                code -= 0x10000
                parts.append("\\\\u%04x\\\\u%04x" % (0xD800 + (code >> 10), 0xDC00 + (code & 0x3FF)))
            else:
                parts.append("\\\\u%04x" % code)
        parts.append('"')
        return "".join(parts)

    load_error = None
    try:
        import solution  # noqa: F401  (imported for its side effects and to cache it for the checks)
    except BaseException as error:  # SystemExit too: member code must not end the run before the report
        load_error = describe(error)

    results = []
    if load_error is None:
        for name, code in CHECKS:
            namespace = {"__name__": "quizbot_check"}
            try:
                do_exec(do_compile(code, "<check %s>" % name, "exec"), namespace)
                results.append('{"name":%s,"passed":true}' % quote(name))
            except BaseException as error:
                results.append('{"name":%s,"passed":false,"error":%s}' % (quote(name), quote(describe(error))))

    head = '"loadError":%s,' % quote(load_error) if load_error is not None else ""
    write("\\n%s {%s\\"checks\\":[%s]}\\n" % (nonce, head, ",".join(results)))
    flush()
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        # Threads the member left running would keep the interpreter alive until the wall-clock limit.
        os._exit(0)


if __name__ == "__main__":
    _main()
`;
