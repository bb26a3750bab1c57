import type { PGlite } from "@electric-sql/pglite";
import type { Sql } from "postgres";

/** How the database's connections are used right now, as far as this process can tell. */
export interface PoolUsage {
  /** Connections the pool may hold (DATABASE_POOL_SIZE; 1 for PGlite, one connection in the process). */
  readonly max: number;
  /** Connections busy with a query or a transaction of this process. */
  readonly inUse: number;
  /** Queries and transactions that have to wait for a busy connection. */
  readonly waiting: number;
}

/**
 * Counts the queries and transactions of this process that need a connection, from the moment they are
 * sent to their end. Neither driver publishes its pool's state (postgres.js keeps its connection queues
 * private; PGlite is one connection behind a lock), so what is in use is this count up to the pool's size
 * and what waits is the rest. For postgres.js, "waiting" includes queries pipelined behind another on a
 * busy connection: they wait for that connection all the same.
 */
export class ConnectionDemand {
  readonly #max: number;
  #outstanding = 0;

  constructor(max: number) {
    this.#max = max;
  }

  usage(): PoolUsage {
    return {
      max: this.#max,
      inUse: Math.min(this.#outstanding, this.#max),
      waiting: Math.max(0, this.#outstanding - this.#max),
    };
  }

  /** One more demand; the returned function ends it (once, however often it is called). */
  enter(): () => void {
    this.#outstanding += 1;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.#outstanding -= 1;
    };
  }

  /** `work` counted from now until it settles. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const release = this.enter();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** A postgres.js query: a lazy promise sent to a connection by `handle()` when first awaited. */
interface LazyQuery extends PromiseLike<unknown> {
  handle(): Promise<void>;
}

function isLazyQuery(value: unknown): value is LazyQuery {
  return typeof (value as { handle?: unknown } | null)?.handle === "function" && value instanceof Promise;
}

/** Counts a postgres.js query from when the driver is handed it until it settles. */
function counted<T>(value: T, demand: ConnectionDemand): T {
  if (!isLazyQuery(value)) return value;
  const handle = value.handle.bind(value);
  let sent = false;
  value.handle = () => {
    if (!sent) {
      sent = true;
      const release = demand.enter();
      // The native `then` (the query's species is Promise): it watches the query without sending it again.
      Promise.prototype.then.call(value, release, release);
    }
    return handle();
  };
  return value;
}

/**
 * The postgres.js client with its top-level queries and transactions counted into `demand` (queries
 * inside a transaction run on its connection, already counted by the transaction).
 */
export function countingPostgresClient(client: Sql, demand: ConnectionDemand): Sql {
  return new Proxy(client, {
    apply(target, thisArgument, args) {
      return counted(Reflect.apply(target, thisArgument, args), demand);
    },
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (property === "unsafe" && typeof value === "function") {
        return (...args: unknown[]) => counted(value.apply(target, args), demand);
      }
      if (property === "begin" && typeof value === "function") {
        return (...args: unknown[]) => demand.during(() => value.apply(target, args));
      }
      return value;
    },
  });
}

/** PGlite with every top-level query, script and transaction counted into `demand`. */
export function countingPglite(client: PGlite, demand: ConnectionDemand): PGlite {
  const countedMethods = new Set<PropertyKey>(["query", "exec", "transaction", "sql"]);
  return new Proxy(client, {
    get(target, property) {
      // Bound to PGlite itself: its private fields do not exist on the proxy.
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function" || property === "constructor") return value;
      if (!countedMethods.has(property)) return value.bind(target);
      return (...args: unknown[]) => demand.during(() => value.apply(target, args));
    },
  });
}
