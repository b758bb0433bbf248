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
    /** STRING "1" with TTL: an unused sign-in nonce. */
    nonce: (nonce: string) => `${prefix}auth-nonce:${nonce}`,
    /** STRING relay address with TTL, by SHA-256 of the bearer token. */
    token: (tokenHash: string) => `${prefix}auth-token:${tokenHash}`,
    /** STRING JSON session record with TTL. */
    session: (sessionId: string) => `${prefix}session:${sessionId}`,
    /** ZSET sessionId by expiry: open sessions of one viewer wallet or network address. */
    viewerSessions: (viewerKey: string) => `${prefix}viewer-sessions:${viewerKey}`,
    /** STRING counter with TTL: requests of one client in the current window. */
    rateLimit: (clientKey: string) => `${prefix}rate:${clientKey}`,
  };
}
