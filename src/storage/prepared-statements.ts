import type { Sql } from "postgres";

/**
 * Most parameters a statement may have and still be prepared. Beyond this it is a multi-row insert or a
 * long list whose text changes with its length: preparing each variant would fill the connection's
 * statement cache (kept until the connection is recycled) with plans used once.
 */
export const maxPreparedParameters = 64;

/**
 * The postgres.js client as drizzle should use it: drizzle runs every query through `unsafe()`, which
 * postgres.js treats as unprepared, so each statement is parsed and planned again and first described in a
 * round trip of its own (drizzle-orm#6096). This client prepares statements with parameters once per
 * connection and then only binds and executes them, inside transactions and savepoints too.
 */
export function preparingClient(client: Sql): Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, parameters: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(query, parameters as never, {
            ...options,
            prepare: parameters.length > 0 && parameters.length <= maxPreparedParameters,
          });
      }
      if (property === "begin" || property === "savepoint") {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const body = args.at(-1) as (inner: Sql) => unknown;
          return open.call(target, ...args.slice(0, -1), (inner: Sql) => body(preparingClient(inner)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
