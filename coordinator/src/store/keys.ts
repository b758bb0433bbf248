/**
 * Every Redis key the coordinator uses, in one place, laid out for Redis Cluster: every
 * multi-key script and MULTI touches keys of one hash tag, so the coordinator runs unchanged
 * on one Redis and on a cluster.
 *
 * - `{streamId}`: one stream's record, manifest, relays, sessions and fetch logs.
 * - `{ls:N}`: ledger shard N of LEDGER_SHARDS. A relay key's receipt apply (pair baselines,
 *   epoch report, the epoch's credits, bytes leaderboards, the applied marker), its ledger
 *   entries, earnings and the close's commit for the shard live here; `ledgerShard(relay)`
 *   picks N. Intake and closes spread over the shards, each shard fenced by its own marks.
 * - `{epochs}`: the close lock, fencing token, closed/closing marks, close plans and results.
 * - `pool:{ID}`: one pool's record, supporters, claims and streams.
 * - `{relays}`: relay records and the relay index, which one MULTI writes together.
 * - `{watcher}`: the chain watcher's last block and recent block hashes.
 * Keys outside a tag are read and written one at a time.
 */
export type Keys = ReturnType<typeof redisKeys>;

/** How many ledger shards the per-relay keys spread over. Fixed: changing it moves every key. */
export const LEDGER_SHARDS = 16;

/** The ledger shard of a relay key (FNV-1a of its lower-case address). */
export function ledgerShard(relay: string): number {
  let hash = 0x811c9dc5;
  for (const char of relay.toLowerCase()) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % LEDGER_SHARDS;
}

/** Every shard number, 0..LEDGER_SHARDS-1. */
export const ALL_LEDGER_SHARDS: readonly number[] = Array.from(
  { length: LEDGER_SHARDS },
  (_, i) => i,
);

export function redisKeys(prefix: string) {
  const shard = (n: number) => `${prefix}{ls:${n}}:`;
  const ofRelay = (relay: string) => shard(ledgerShard(relay));
  const epochs = `${prefix}{epochs}:`;
  const pool = (poolId: string) => `${prefix}pool:{${poolId}}`;
  return {
    /** ZSET streamId by createdAt. */
    streams: () => `${prefix}streams`,
    /** HASH: the stream record. */
    stream: (streamId: string) => `${prefix}stream:{${streamId}}`,
    /** STRING streamId, by SHA-256 of the stream key. */
    streamKey: (keyHash: string) => `${prefix}stream-key:${keyHash}`,
    /** HASH sequence -> JSON manifest entry. */
    manifest: (streamId: string) => `${prefix}stream:{${streamId}}:manifest`,
    /** ZSET sequence by sequence, for range reads. */
    manifestIndex: (streamId: string) => `${prefix}stream:{${streamId}}:manifest-index`,
    /**
     * ZSET "bucket:cumulativeBytes" by bucket start (ms): the bytes the stream had published
     * (new manifest entries) by the end of each bucket, for the epoch bound's window sums.
     */
    streamProduced: (streamId: string) => `${prefix}stream:{${streamId}}:produced`,
    /** ZSET relay address by last heartbeat naming the stream. */
    streamRelays: (streamId: string) => `${prefix}stream:{${streamId}}:relays`,
    /** ZSET sessionId by expiry. */
    streamSessions: (streamId: string) => `${prefix}stream:{${streamId}}:sessions`,
    /** HASH sequence -> JSON {from, hash, at}: what one relay fetched of one stream. */
    fetchLog: (streamId: string, relay: string) =>
      `${prefix}stream:{${streamId}}:fetch-log:${relay}`,
    /** ZSET relay address by last heartbeat. */
    relays: () => `${prefix}{relays}:index`,
    /** STRING JSON relay record. */
    relay: (address: string) => `${prefix}{relays}:relay:${address}`,
    /** STRING "1" | "0" with a short TTL. */
    stake: (address: string) => `${prefix}stake:${address}`,
    operatorOf: (relayKey: string) => `${prefix}operator-of:${relayKey}`,
    /** STRING "1" with TTL: an unused sign-in nonce. */
    nonce: (nonce: string) => `${prefix}auth-nonce:${nonce}`,
    /** STRING relay address with TTL, by SHA-256 of the bearer token. */
    token: (tokenHash: string) => `${prefix}auth-token:${tokenHash}`,
    /** STRING JSON session record with TTL. */
    session: (sessionId: string) => `${prefix}session:${sessionId}`,
    /** ZSET sessionId by expiry: open sessions of one viewer wallet or network address. */
    viewerSessions: (viewerKey: string) => `${prefix}viewer-sessions:${viewerKey}`,
    /** ZSET sessionId by expiry: open fallback (unpaid, from the origin) sessions. */
    fallbackSessions: () => `${prefix}fallback-sessions`,
    /** STRING counter with TTL: requests of one client in the current window. */
    rateLimit: (clientKey: string) => `${prefix}rate:${clientKey}`,
    /** STREAM of accepted receipt batches (fields relay, at, receipts JSON). */
    receiptStream: () => `${prefix}receipts`,
    /** STRING "1" with TTL: this receipt-stream entry's effects were applied. */
    receiptApplied: (relay: string, entryId: string) =>
      `${ofRelay(relay)}receipts-applied:${entryId}`,
    /** HASH relay -> JSON SessionRelayState: the pair baselines of one session. */
    sessionState: (sessionId: string, relay: string) =>
      `${ofRelay(relay)}session-state:${sessionId}`,
    /** HASH counters of one relay's epoch report (verified, rejected, receipts, reasons, streams). */
    relayReport: (epoch: number, relay: string) =>
      `${ofRelay(relay)}epoch:${epoch}:report:${relay}`,
    /** HASH "streamId|relay" -> verified bytes credited in the epoch. */
    epochCredits: (epoch: number, n: number) => `${shard(n)}epoch:${epoch}:credits`,
    /** HASH "streamId|sessionId|relay" -> verified bytes credited in the epoch. */
    epochSessionCredits: (epoch: number, n: number) => `${shard(n)}epoch:${epoch}:session-credits`,
    /** ZSET "streamId|sessionId" by when its first receipt was credited in the epoch (ms). */
    epochSessionOrder: (epoch: number, n: number) => `${shard(n)}epoch:${epoch}:session-order`,
    /** STRING JSON: the epoch's close result (per-pool figures). */
    epochResult: (epoch: number) => `${epochs}result:${epoch}`,
    /** STRING: the last closed epoch number. */
    closedThrough: () => `${epochs}closed-through`,
    /** The epoch a closer is closing (or closed): receipts can no longer land in it. */
    closingThrough: () => `${epochs}closing-through`,
    /** STRING: the first epoch this deployment counts (set once). */
    firstEpoch: () => `${epochs}first`,
    /** STRING token with TTL: the epoch-close lock. */
    closeLock: () => `${epochs}lock`,
    /** STRING counter: fencing token of the epoch-close lock. */
    closeFence: () => `${epochs}fence`,
    /** HASH "poolId:relay" -> "cumulativeBytes:cumulativeAmount:epoch". */
    ledger: (n: number) => `${shard(n)}ledger`,
    /** HASH "epoch:poolId" -> "bytes:amount": what the relay earned per epoch (for the retention). */
    relayEarnings: (relay: string) => `${ofRelay(relay)}relay-earnings:${relay}`,
    /** HASH "poolId:relay:bytes:amount" -> packed attestor signatures. */
    attestationSignatures: () => `${prefix}attestation-signatures`,
    /** ZSET relay by verified bytes, all time. */
    leaderboardBytes: (n: number) => `${shard(n)}leaderboard:bytes`,
    /** ZSET relay by attested amount (token base units), all time. */
    leaderboardEarnings: (n: number) => `${shard(n)}leaderboard:earnings`,
    /** ZSET relay by verified bytes credited in the epoch (less what its close withheld), with TTL. */
    epochLeaderboardBytes: (epoch: number, n: number) =>
      `${shard(n)}epoch:${epoch}:leaderboard:bytes`,
    /** ZSET relay by amount attested at the epoch's close, with TTL. */
    epochLeaderboardEarnings: (epoch: number, n: number) =>
      `${shard(n)}epoch:${epoch}:leaderboard:earnings`,
    /** ZSET, deleted in the same MULTI: the per-epoch rankings of a period, summed. */
    leaderboardSum: (n: number, id: string) => `${shard(n)}leaderboard:sum:${id}`,
    /** HASH relay key -> JSON {code, message}: relays withheld for the epoch by a failed spot check. */
    auditWithheld: (epoch: number) => `${prefix}epoch:${epoch}:audit-withheld`,
    /** LIST of JSON evidence of one relay key's failed spot checks, newest first, bounded. */
    auditEvidence: (relay: string) => `${prefix}audit-evidence:${relay}`,
    /** STRING with TTL: one coordinator runs an audit round per interval. */
    auditRound: () => `${prefix}audit:round`,
    /** STRING poolId paying for the stream. */
    streamPool: (streamId: string) => `${prefix}stream:{${streamId}}:pool`,
    /** SET streamIds paid by the pool. */
    poolStreams: (poolId: string) => `${pool(poolId)}:streams`,
    /** HASH the pool as the chain watcher last read it, plus attestedTotal. */
    pool: (poolId: string) => pool(poolId),
    /** ZSET relay by cumulative amount attested from the pool (its supporters). */
    poolRelays: (poolId: string) => `${pool(poolId)}:relays`,
    /** HASH account -> claimed cumulative amount (chain). */
    poolClaims: (poolId: string) => `${pool(poolId)}:claims`,
    /** SET every known pool id. */
    pools: () => `${prefix}pools`,
    /** SET operators the staking contract jailed. */
    jailed: () => `${prefix}jailed`,
    /** STRING: the last block the chain watcher processed. */
    watcherBlock: () => `${prefix}{watcher}:block`,
    /** HASH block number -> block hash of recently processed blocks. */
    watcherHashes: () => `${prefix}{watcher}:hashes`,
    /** SET poolIds the relay has a ledger entry in: kept for good, like the entries claims need. */
    relayPools: (relay: string) => `${ofRelay(relay)}relay-pools:${relay}`,
    /** STRING: the last epoch the shard's part of a close was committed for. */
    shardClosedThrough: (n: number) => `${shard(n)}closed-through`,
    /** STRING: the epoch the shard no longer takes receipts for (only moves forward). */
    shardClosingThrough: (n: number) => `${shard(n)}closing-through`,
    /** STRING JSON: an epoch close's results, saved (fenced) before any shard commits them. */
    closePlan: (epoch: number) => `${epochs}plan:${epoch}`,
  };
}
