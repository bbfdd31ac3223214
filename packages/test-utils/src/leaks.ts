/**
 * Leak checks for tests: counts the sockets, servers and timers the process holds, so a test
 * can assert that everything it opened was closed.
 */
interface ResourceInfo {
  getActiveResourcesInfo?: () => string[];
}

/** Counts of live handles by kind (TCPSocketWrap, TCPServerWrap, Timeout, ...). */
export function activeResources(): Record<string, number> {
  const info = (process as unknown as ResourceInfo).getActiveResourcesInfo?.() ?? [];
  const counts: Record<string, number> = {};
  for (const kind of info) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Number of live TCP sockets and servers. */
export function openSocketCount(): number {
  const counts = activeResources();
  return (counts.TCPSocketWrap ?? 0) + (counts.TCPServerWrap ?? 0);
}

/**
 * Waits (up to `timeoutMs`) until the number of open sockets drops to `expected`; resolves
 * with the final count so the test can assert on it.
 */
export async function waitForSockets(expected: number, timeoutMs = 2000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let count = openSocketCount();
  while (count > expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    count = openSocketCount();
  }
  return count;
}
