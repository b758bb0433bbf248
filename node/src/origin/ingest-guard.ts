/**
 * Stream-key checks at the coordinator (POST /v1/ingest/authorize) that RTMP clients cannot use
 * to spend the origin's own rate limit (which its manifest publishing needs): a refused key is
 * remembered (by its SHA-256, bounded, with a TTL) and answered without asking again; a key in
 * no cache is checked only while the client's network (clientKey) and the origin as a whole
 * have a token left.
 */
import { createHash } from "node:crypto";
import { clientKey } from "../limits/client-key.ts";
import { KeyedRateLimiter } from "../limits/keyed-rate-limiter.ts";
import { TokenBucket } from "../limits/token-bucket.ts";
import { TtlCache } from "../limits/ttl-cache.ts";

export type IngestCheck<G> = { ok: true; grant: G } | { ok: false; reason: string };

export interface IngestGuardOptions<G> {
  /** The coordinator's answer: the grant, or undefined when it refuses the key. */
  authorize(streamKey: string): Promise<G | undefined>;
  /** Checks per second, all clients together (burst 5x, at least 10). */
  checksPerSecond: number;
  /** Checks per second per client network (burst 5). */
  checksPerClient: number;
  /** How long a refused key is answered from memory, ms. Default 60,000. */
  refusedTtlMs?: number;
  /** Refused keys remembered at once. Default 10,000. */
  maxRefused?: number;
  now: () => number;
}

export function createIngestGuard<G>(
  options: IngestGuardOptions<G>,
): (streamKey: string, client: string) => Promise<IngestCheck<G>> {
  const { now } = options;
  const refused = new TtlCache<true>({
    ttlMs: options.refusedTtlMs ?? 60_000,
    maxEntries: options.maxRefused ?? 10_000,
    now,
  });
  const perClient = new KeyedRateLimiter({
    ratePerSecond: options.checksPerClient,
    burst: 5,
    now,
  });
  const budget = new TokenBucket({
    ratePerSecond: options.checksPerSecond,
    burst: Math.max(10, 5 * options.checksPerSecond),
    now,
  });
  return async (streamKey, client) => {
    const digest = createHash("sha256").update(streamKey).digest("hex");
    if (refused.get(digest)) return { ok: false, reason: "stream key refused" };
    if (!perClient.take(clientKey(client)))
      return { ok: false, reason: "too many stream-key attempts; retry later" };
    if (!budget.take()) return { ok: false, reason: "too many stream-key checks; retry later" };
    const grant = await options.authorize(streamKey);
    if (grant === undefined) {
      refused.set(digest, true);
      return { ok: false, reason: "stream key refused" };
    }
    return { ok: true, grant };
  };
}
