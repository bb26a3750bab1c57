import { blockingSocketInAsync, coroutineNeverAwaited, runInsideLoop } from "./asyncio.js";
import { futureNeverRead, recvAssumedComplete } from "./futures-sockets.js";
import { acquireWithoutFinally, lockOrderInversion, threadLockInAsync } from "./locks.js";
import { noMainGuard, unpicklableTarget } from "./processes.js";
import { consumerNeverStops, fewerSentinelsThanWorkers, joinWithoutTaskDone } from "./queues.js";
import type { OwnRule } from "./rule.js";
import { checkThenAct, unlockedSharedUpdate } from "./shared-state.js";
import { cpuBoundOnThreads, runInsteadOfStart, threadsNeverJoined, waitingOnProcesses } from "./threads.js";

/** The project's own rules (the rules Ruff ships are in ../ruff-check.ts). */
export const ownRules: readonly OwnRule[] = [
  runInsteadOfStart,
  unlockedSharedUpdate,
  checkThenAct,
  threadsNeverJoined,
  runInsideLoop,
  coroutineNeverAwaited,
  blockingSocketInAsync,
  threadLockInAsync,
  noMainGuard,
  unpicklableTarget,
  acquireWithoutFinally,
  lockOrderInversion,
  consumerNeverStops,
  fewerSentinelsThanWorkers,
  joinWithoutTaskDone,
  futureNeverRead,
  recvAssumedComplete,
  cpuBoundOnThreads,
  waitingOnProcesses,
];
