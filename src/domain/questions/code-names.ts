/**
 * The code names a question's text mentions: anything in backticks, and outside them words that only
 * code has (a dot or underscore inside, or a call's parentheses after): `put_nowait`, `sys.getswitchinterval`,
 * `join()`. Lower case, without the parentheses, the whole dotted name and its last part. Plain English
 * words are left out, so a prompt's "releases" never stops "releas" being a typo of "release".
 */
export function codeNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const add = (name: string) => {
    const lower = name.toLowerCase();
    names.add(lower);
    const last = lower.slice(lower.lastIndexOf(".") + 1);
    if (last !== "") names.add(last);
  };
  for (const [, code = ""] of text.matchAll(/`([^`\n]+)`/g)) {
    for (const [name] of code.matchAll(NAME)) add(name);
  }
  for (const match of text.matchAll(NAME)) {
    const name = match[0];
    const after = text.slice((match.index ?? 0) + name.length, (match.index ?? 0) + name.length + 1);
    if (/[._]/.test(name.replace(/^_+|_+$/g, "")) || after === "(") add(name);
  }
  return names;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g;
