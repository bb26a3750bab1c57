import { describe, expect, it } from "vitest";
import { matchTextAnswer } from "../../../src/domain/questions/text-answer.js";

/**
 * A corpus of typed replies with the verdict a member should get, by the kind of reply that fooled
 * or could fool the grader: hedges, negations, lists, near-miss identifiers, sentences around right
 * answers, Unicode look-alikes and numbers inside numbers. `fuzzy` is the question's typo allowance.
 */
interface Case {
  readonly reply: string;
  readonly accepted: readonly string[];
  readonly fuzzy?: number;
  readonly right: boolean;
}

const io = ["io", "io-bound", "I/O-bound"];
const runtime = ["RuntimeError"];
const getInterval = ["sys.getswitchinterval"];
const taskDone = ["task_done"];
const four = ["4"];

const corpus: Record<string, readonly Case[]> = {
  hedges: [
    { reply: "io or cpu", accepted: io, right: false },
    { reply: "cpu or io", accepted: io, right: false },
    { reply: "io and cpu", accepted: io, right: false },
    { reply: "either io or cpu", accepted: io, right: false },
    { reply: "io/cpu", accepted: io, right: false },
    { reply: "io / cpu", accepted: io, right: false },
    { reply: "io, cpu", accepted: io, right: false },
    { reply: "io-bound or cpu-bound", accepted: io, right: false },
    { reply: "RuntimeError or ValueError", accepted: runtime, right: false },
    { reply: "ValueError or RuntimeError", accepted: runtime, right: false },
    { reply: "RuntimeError/ValueError", accepted: runtime, right: false },
    { reply: "RuntimeError, ValueError", accepted: runtime, right: false },
    { reply: "RuntimeError and ValueError", accepted: runtime, right: false },
    { reply: "RuntimeError | ValueError", accepted: runtime, right: false },
    { reply: "RuntimeError vs ValueError", accepted: runtime, right: false },
    { reply: "4 or 5", accepted: four, right: false },
    { reply: "3 or 4", accepted: four, right: false },
    { reply: "4 maybe 5", accepted: four, right: false },
    { reply: "task_done or join", accepted: taskDone, right: false },
    { reply: "join, task_done", accepted: taskDone, right: false },
  ],
  negations: [
    { reply: "not io", accepted: io, right: false },
    { reply: "not 4", accepted: four, right: false },
    { reply: "never 4", accepted: four, right: false },
    { reply: "it is not RuntimeError", accepted: runtime, right: false },
    { reply: "isn't task_done", accepted: taskDone, right: false },
    { reply: "no, io", accepted: io, right: false },
    { reply: "definitely not io", accepted: io, right: false },
    { reply: "it's not 4", accepted: four, right: false },
    { reply: "without task_done", accepted: taskDone, right: false },
    { reply: "io? no", accepted: io, right: false },
    { reply: "not RuntimeError", accepted: runtime, right: false },
    { reply: "nothing but io", accepted: io, right: false },
  ],
  lists: [
    { reply: "1 2 3 4", accepted: four, right: false },
    { reply: "4 5 6", accepted: four, right: false },
    { reply: "io cpu", accepted: io, right: false },
    { reply: "cpu io", accepted: io, right: false },
    { reply: "put get task_done join", accepted: taskDone, right: false },
    { reply: "task_done join", accepted: taskDone, right: false },
    { reply: "KeyError RuntimeError", accepted: runtime, right: false },
    { reply: "[RuntimeError, ValueError]", accepted: runtime, right: false },
    { reply: "io; cpu", accepted: io, right: false },
    { reply: "4, 8, 16", accepted: four, right: false },
    { reply: "a) io b) cpu", accepted: io, right: false },
    { reply: "- io\n- cpu", accepted: io, right: false },
  ],
  "near-miss identifiers": [
    { reply: "sys.setswitchinterval", accepted: getInterval, fuzzy: 0.15, right: false },
    { reply: "setswitchinterval", accepted: getInterval, fuzzy: 0.15, right: false },
    { reply: "sys.getswitchintervl", accepted: getInterval, fuzzy: 0.15, right: true },
    { reply: "sys.getswitchinterval", accepted: getInterval, fuzzy: 0.15, right: true },
    { reply: "sys.getswitchinterval()", accepted: getInterval, fuzzy: 0.15, right: true },
    { reply: "task_dne", accepted: taskDone, fuzzy: 0.2, right: true },
    { reply: "taks_done", accepted: taskDone, fuzzy: 0.2, right: false },
    { reply: "task_done", accepted: taskDone, fuzzy: 0.2, right: true },
    { reply: "tasks_done", accepted: taskDone, fuzzy: 0.2, right: true },
    { reply: "get_nowait", accepted: ["put_nowait"], fuzzy: 0.2, right: false },
    { reply: "put_nowiat", accepted: ["put_nowait"], fuzzy: 0.2, right: true },
    { reply: "notify", accepted: ["notify_all"], fuzzy: 0.34, right: false },
    { reply: "acquire", accepted: ["release"], fuzzy: 0.34, right: false },
    { reply: "Semaphore", accepted: ["BoundedSemaphore"], fuzzy: 0.34, right: false },
    { reply: "getpid", accepted: ["getppid"], fuzzy: 0.2, right: false },
    { reply: "as_completed", accepted: ["as_completed"], fuzzy: 0.2, right: true },
    { reply: "as_complete", accepted: ["as_completed"], fuzzy: 0.2, right: true },
    { reply: "run_in_executor", accepted: ["run_in_executor"], right: true },
    { reply: "run_in_exector", accepted: ["run_in_executor"], right: false },
    { reply: "gather", accepted: ["wait"], fuzzy: 0.34, right: false },
    { reply: "Queue", accepted: ["SimpleQueue"], fuzzy: 0.34, right: false },
    { reply: "RLock", accepted: ["Lock"], fuzzy: 0.34, right: false },
    { reply: "threading.Lok", accepted: ["threading.Lock"], fuzzy: 0.1, right: true },
    { reply: "threading.Lock", accepted: ["threading.RLock"], fuzzy: 0.1, right: false },
  ],
  "sentences around right answers": [
    { reply: "the answer is 4", accepted: four, right: true },
    { reply: "I think it's io", accepted: io, right: true },
    { reply: "it is io-bound", accepted: io, right: true },
    { reply: "I/O-bound", accepted: io, right: true },
    { reply: "it raises RuntimeError", accepted: runtime, right: true },
    { reply: "that would be RuntimeError", accepted: runtime, right: true },
    { reply: "RuntimeError, I think", accepted: runtime, right: true },
    { reply: "you call task_done", accepted: taskDone, right: true },
    { reply: "call task_done()", accepted: taskDone, right: true },
    { reply: "`task_done()`", accepted: taskDone, right: true },
    { reply: "Task_Done.", accepted: taskDone, right: true },
    { reply: "the method is task_done", accepted: taskDone, right: true },
    { reply: "my final answer: 4", accepted: four, right: true },
    { reply: "it prints 4", accepted: four, right: true },
    { reply: "4!", accepted: four, right: true },
    { reply: "  4  ", accepted: four, right: true },
    { reply: "it's “io”", accepted: io, right: true },
    { reply: "so the answer is probably definitely maybe 4", accepted: four, right: false },
    { reply: "the answer to everything is 4", accepted: four, right: false },
    { reply: "io because it waits on the network", accepted: io, right: false },
  ],
  "Unicode look-alikes": [
    { reply: "ｔａｓｋ＿ｄｏｎｅ", accepted: taskDone, right: true },
    { reply: "４", accepted: four, right: true },
    { reply: "t\u0430sk_done", accepted: taskDone, right: false },
    { reply: "Runtim\u0435Error", accepted: runtime, right: false },
    { reply: "\u0456o", accepted: io, right: false },
    { reply: "٤", accepted: four, right: false },
    { reply: "4\u200b", accepted: four, right: false },
    { reply: "ⅳ", accepted: four, right: false },
    { reply: "task\u2011done", accepted: taskDone, right: false },
    { reply: "RUNTIMEERROR", accepted: runtime, right: true },
    { reply: "ｉｏ", accepted: io, right: true },
    { reply: "𝟒", accepted: four, right: true },
  ],
  "numbers inside numbers": [
    { reply: "14", accepted: four, right: false },
    { reply: "41", accepted: four, right: false },
    { reply: "4.5", accepted: four, right: false },
    { reply: "0.4", accepted: four, right: false },
    { reply: "-4", accepted: four, right: false },
    { reply: "40", accepted: four, right: false },
    { reply: "4e0", accepted: four, right: false },
    { reply: "4,000", accepted: four, right: false },
    { reply: "3.12", accepted: ["3.13"], fuzzy: 0.34, right: false },
    { reply: "3.13", accepted: ["3.13"], fuzzy: 0.34, right: true },
    { reply: "python 3.13", accepted: ["3.13"], right: false },
    { reply: "3.130", accepted: ["3.13"], right: false },
    { reply: "13", accepted: ["3.13"], right: false },
    { reply: "10000", accepted: ["1000"], fuzzy: 0.34, right: false },
    { reply: "1000", accepted: ["1000"], fuzzy: 0.34, right: true },
    { reply: "0.005", accepted: ["0.005"], right: true },
    { reply: "0.0005", accepted: ["0.005"], fuzzy: 0.34, right: false },
    { reply: "5 ms", accepted: ["0.005"], right: false },
  ],
};

const rows = Object.entries(corpus).flatMap(([kind, cases]) =>
  cases.map((c) => [kind, c.reply, c.right ? "right" : "wrong", c] as const),
);

describe("GIVEN the typed-answer corpus", () => {
  it("THEN it holds well over 100 replies of every kind", () => {
    expect(rows.length).toBeGreaterThan(100);
    for (const cases of Object.values(corpus)) expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  it.each(rows)("%s: %j is %s", (_, reply, __, c) => {
    expect(matchTextAnswer(reply, c.accepted, c.fuzzy) !== undefined).toBe(c.right);
  });
});
