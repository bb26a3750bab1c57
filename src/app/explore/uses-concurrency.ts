/**
 * Whether code imports threading, concurrent.futures or asyncio: what earns a snippet the
 * "Explore interleavings" button. A cheap textual test; the explorer itself says "nothing to explore"
 * when the program then starts no thread or task.
 */
export function usesConcurrency(code: string): boolean {
  return /^[ \t]*(?:import|from)[ \t]+(?:threading|_thread|asyncio|concurrent)\b/m.test(code);
}
