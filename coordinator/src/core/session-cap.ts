/**
 * The per-viewer session cap. A viewer is keyed by its wallet when it gives one, else by its
 * network address; it may hold `cap` open sessions. The Redis script in
 * store/session-store.ts applies `capAllows` atomically; this module is the rule in plain code.
 */
export function viewerKey(viewerAddress: string | undefined, ip: string): string {
  return viewerAddress ? `addr:${viewerAddress.toLowerCase()}` : `ip:${ip}`;
}

/** Whether one more session fits, given the expiry times of the viewer's sessions. */
export function capAllows(expiries: readonly number[], now: number, cap: number): boolean {
  return expiries.filter((e) => e > now).length < cap;
}

/** Seconds until the earliest open session expires and frees a place (at least 1). */
export function retryAfterSeconds(earliestExpiry: number, now: number): number {
  return Math.max(1, Math.ceil((earliestExpiry - now) / 1000));
}
