import { performance } from "node:perf_hooks";
import { createBot } from "../src/bot.js";
import { createLogger } from "../src/logger.js";
import { RemoteCodeRunner } from "../src/runner/service/remote-code-runner.js";
import { openPostgres } from "../src/storage/database.js";
import { BenchPlatform, oneQuestionPack } from "./bench-platform.js";

/**
 * One bot process of the soak (bench/soak.ts forks two): the real bot on the shared PostgreSQL behind a
 * network-less platform, with the runner services as its code runner. The parent drives it over IPC:
 * opens questions, delivers answers, asks for runs, and collects what happened.
 */

/** What the parent sends. */
export type SoakCommand =
  | { readonly type: "open"; readonly channel: string }
  | {
      readonly type: "answer";
      readonly channel: string;
      readonly roundQuestionId: number;
      readonly member: string;
      readonly deliveryId: string;
    }
  | { readonly type: "run" }
  | { readonly type: "report" }
  | { readonly type: "stop" };

/** What this process answers. */
export type SoakReply =
  | { readonly type: "ready" }
  | { readonly type: "opened"; readonly channel: string; readonly roundQuestionId: number }
  | {
      readonly type: "report";
      readonly latencies: number[];
      readonly acks: number;
      readonly refusals: number;
      readonly answerErrors: number;
      readonly runsOk: number;
      readonly runsFailed: number;
      readonly runFailures: Record<string, number>;
    };

export const soakPack = oneQuestionPack("soak", "Soak");

const snippet = "print(sum(range(10000)))";
const expectedOutput = "49995000\n";

async function main(): Promise<void> {
  const send = (reply: SoakReply) => process.send?.(reply);
  const database = await openPostgres({ url: requireEnv("SOAK_DATABASE_URL"), poolSize: 10 });
  const runner = await RemoteCodeRunner.connect({
    urls: requireEnv("SOAK_RUNNER_URLS").split(","),
    token: requireEnv("SOAK_RUNNER_TOKEN"),
    runTimeoutMs: 30_000,
  });
  const platform = new BenchPlatform();
  const bot = createBot({
    database,
    platforms: [platform],
    packs: [soakPack],
    logger: createLogger({ level: "warn", secrets: [] }),
    rounds: { revealPauseMs: 100, sweepMs: 60_000 },
    runner,
    interpreters: runner,
  });
  await bot.start();
  const state = { latencies: [] as number[], answerErrors: 0, runsOk: 0, runsFailed: 0 };
  const runFailures: Record<string, number> = {};
  let opened = 0;

  process.on("message", (command: SoakCommand) => {
    switch (command.type) {
      case "open":
        void platform
          .openQuestion(command.channel, `open-${process.pid}-${++opened}`)
          .then((roundQuestionId) => send({ type: "opened", channel: command.channel, roundQuestionId }));
        return;
      case "answer": {
        const started = performance.now();
        platform.answer(command.channel, command.roundQuestionId, command.member, 1, command.deliveryId).then(
          () => state.latencies.push(performance.now() - started),
          () => {
            state.answerErrors += 1;
          },
        );
        return;
      }
      case "run":
        void runner.run({ code: snippet }).then((result) => {
          if (result.status === "ok" && result.stdout === expectedOutput) state.runsOk += 1;
          else {
            state.runsFailed += 1;
            const key = `${result.status}${result.reason ? `:${result.reason.code}` : ""}`;
            runFailures[key] = (runFailures[key] ?? 0) + 1;
          }
        });
        return;
      case "report":
        send({
          type: "report",
          latencies: state.latencies.splice(0),
          acks: platform.acks,
          refusals: platform.refusals,
          answerErrors: state.answerErrors,
          runsOk: state.runsOk,
          runsFailed: state.runsFailed,
          runFailures: { ...runFailures },
        });
        return;
      case "stop":
        void (async () => {
          await bot.stop();
          await runner.close();
          await database.close();
          process.exit(0);
        })();
        return;
    }
  });
  send({ type: "ready" });
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (bench/soak.ts sets it)`);
  return value;
}

await main();
