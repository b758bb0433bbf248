/**
 * Whether a relay's public URL answers from this browser at all (any HTTP response counts;
 * `no-cors`, so the relay need not allow this origin). Rejects only on network failure.
 */
export async function probeRelay(
  fetcher: typeof globalThis.fetch,
  { url, timeoutMs = 4_000 }: { url: string; timeoutMs?: number },
): Promise<boolean> {
  try {
    await fetcher(url, {
      mode: "no-cors",
      cache: "no-store",
      signal: AbortSignal.timeout(timeoutMs),
    });
    return true;
  } catch {
    return false;
  }
}
