/**
 * Every Redis key the coordinator uses, in one place. Keys of one stream share the hash tag
 * `{streamId}` so the multi-key scripts stay valid on Redis Cluster; the other scripts touch
 * one key each.
 */
export type Keys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix: string) {
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
    relays: () => `${prefix}relays`,
    /** STRING JSON relay record. */
    relay: (address: string) => `${prefix}relay:${address}`,
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
    receiptApplied: (entryId: string) => `${prefix}receipts-applied:${entryId}`,
    /** HASH relay -> JSON SessionRelayState: the pair baselines of one session. */
    sessionState: (sessionId: string) => `${prefix}session-state:${sessionId}`,
    /** HASH counters of one relay's epoch report (verified, rejected, receipts, reasons, streams). */
    relayReport: (epoch: number, relay: string) => `${prefix}epoch:${epoch}:report:${relay}`,
    /** HASH "streamId|relay" -> verified bytes credited in the epoch. */
    epochCredits: (epoch: number) => `${prefix}epoch:${epoch}:credits`,
    /** HASH "streamId|sessionId|relay" -> verified bytes credited in the epoch. */
    epochSessionCredits: (epoch: number) => `${prefix}epoch:${epoch}:session-credits`,
    /** ZSET "streamId|sessionId" by when its first receipt was credited in the epoch (ms). */
    epochSessionOrder: (epoch: number) => `${prefix}epoch:${epoch}:session-order`,
    /** STRING JSON: the epoch's close result (per-pool figures). */
    epochResult: (epoch: number) => `${prefix}epoch:${epoch}:result`,
    /** STRING: the last closed epoch number. */
    closedThrough: () => `${prefix}epochs:closed-through`,
    /** The epoch a closer is closing (or closed): receipts can no longer land in it. */
    closingThrough: () => `${prefix}epochs:closing-through`,
    /** STRING: the first epoch this deployment counts (set once). */
    firstEpoch: () => `${prefix}epochs:first`,
    /** STRING token with TTL: the epoch-close lock. */
    closeLock: () => `${prefix}epochs:lock`,
    /** STRING counter: fencing token of the epoch-close lock. */
    closeFence: () => `${prefix}epochs:fence`,
    /** HASH "poolId:relay" -> "cumulativeBytes:cumulativeAmount:epoch". */
    ledger: () => `${prefix}ledger`,
    /** HASH "epoch:poolId" -> "bytes:amount": what the relay earned per epoch. */
    relayEarnings: (relay: string) => `${prefix}relay-earnings:${relay}`,
    /** HASH "poolId:relay:bytes:amount" -> packed attestor signatures. */
    attestationSignatures: () => `${prefix}attestation-signatures`,
    /** ZSET relay by verified bytes, all time. */
    leaderboardBytes: () => `${prefix}leaderboard:bytes`,
    /** ZSET relay by attested amount (token base units), all time. */
    leaderboardEarnings: () => `${prefix}leaderboard:earnings`,
    /** ZSET relay by verified bytes credited in the epoch (less what its close withheld), with TTL. */
    epochLeaderboardBytes: (epoch: number) => `${prefix}epoch:${epoch}:leaderboard:bytes`,
    /** ZSET relay by amount attested at the epoch's close, with TTL. */
    epochLeaderboardEarnings: (epoch: number) => `${prefix}epoch:${epoch}:leaderboard:earnings`,
    /** ZSET, deleted in the same MULTI: the per-epoch rankings of a period, summed. */
    leaderboardSum: (id: string) => `${prefix}leaderboard:sum:${id}`,
    /** HASH relay key -> JSON {code, message}: relays withheld for the epoch by a failed spot check. */
    auditWithheld: (epoch: number) => `${prefix}epoch:${epoch}:audit-withheld`,
    /** LIST of JSON evidence of one relay key's failed spot checks, newest first, bounded. */
    auditEvidence: (relay: string) => `${prefix}audit-evidence:${relay}`,
    /** STRING with TTL: one coordinator runs an audit round per interval. */
    auditRound: () => `${prefix}audit:round`,
    /** STRING poolId paying for the stream. */
    streamPool: (streamId: string) => `${prefix}stream:{${streamId}}:pool`,
    /** SET streamIds paid by the pool. */
    poolStreams: (poolId: string) => `${prefix}pool:${poolId}:streams`,
    /** HASH the pool as the chain watcher last read it, plus attestedTotal. */
    pool: (poolId: string) => `${prefix}pool:${poolId}`,
    /** ZSET relay by cumulative amount attested from the pool (its supporters). */
    poolRelays: (poolId: string) => `${prefix}pool:${poolId}:relays`,
    /** HASH account -> claimed cumulative amount (chain). */
    poolClaims: (poolId: string) => `${prefix}pool:${poolId}:claims`,
    /** SET every known pool id. */
    pools: () => `${prefix}pools`,
    /** SET operators the staking contract jailed. */
    jailed: () => `${prefix}jailed`,
    /** STRING: the last block the chain watcher processed. */
    watcherBlock: () => `${prefix}watcher:block`,
    /** HASH block number -> block hash of recently processed blocks. */
    watcherHashes: () => `${prefix}watcher:hashes`,
  };
}
