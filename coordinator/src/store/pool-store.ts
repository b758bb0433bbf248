/**
 * Reward pools as the chain watcher last read them (owner, terms, balance, claims), what the
 * coordinator attested from each, and which streams each pays for, in Redis. Amounts are
 * decimal strings.
 */
import type { RedisClient } from "./redis-client.ts";
import type { PoolTerms } from "../core/close-epoch.ts";
import { ledgerShard, type Keys } from "./keys.ts";
import { redisScript } from "./redis-script.ts";

/**
 * KEYS: pool hash. ARGV: maxViewers, nonce. Sets the owner's viewer cap only if the nonce is
 * above the last accepted one (a replayed or older signed cap changes nothing).
 */
const SET_VIEWER_CAP = redisScript(`
local stored = redis.call('HGET', KEYS[1], 'maxViewersNonce')
if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 'stale' end
redis.call('HSET', KEYS[1], 'maxViewers', ARGV[1], 'maxViewersNonce', ARGV[2])
return 'ok'
`);

/** A pool's on-chain fields (IRewardPools.PoolInfo). */
export interface ChainPool {
  owner: `0x${string}`;
  token: `0x${string}`;
  ratePerGB: bigint;
  maxRatePerGB: bigint;
  epochBudget: bigint;
  noticePeriod: number;
  balance: bigint;
  closesAt: number;
}

const CHAIN_FIELDS = [
  "owner",
  "token",
  "ratePerGB",
  "maxRatePerGB",
  "epochBudget",
  "noticePeriod",
  "balance",
  "closesAt",
  "block",
] as const;

export interface PoolState extends ChainPool {
  poolId: bigint;
  /** Sum of every account's claimed amount (chain). */
  claimedTotal: bigint;
  /** Sum of every relay's attested cumulative amount (coordinator). */
  attestedTotal: bigint;
  /** Block the chain fields were read at. */
  block: number;
  /** Most viewer sessions paid per epoch, owner-set off-chain (SetViewerCap); 0 = no cap. */
  maxViewers: number;
  /** The nonce of the accepted SetViewerCap (0 = never set). */
  maxViewersNonce: number;
}

function parsePool(poolId: bigint, h: Record<string, string>): PoolState | undefined {
  if (!h.owner) return undefined;
  return {
    poolId,
    owner: h.owner as `0x${string}`,
    token: h.token as `0x${string}`,
    ratePerGB: BigInt(h.ratePerGB ?? "0"),
    maxRatePerGB: BigInt(h.maxRatePerGB ?? "0"),
    epochBudget: BigInt(h.epochBudget ?? "0"),
    noticePeriod: Number(h.noticePeriod ?? 0),
    balance: BigInt(h.balance ?? "0"),
    closesAt: Number(h.closesAt ?? 0),
    claimedTotal: BigInt(h.claimedTotal ?? "0"),
    attestedTotal: BigInt(h.attestedTotal ?? "0"),
    block: Number(h.block ?? 0),
    maxViewers: Number(h.maxViewers ?? 0),
    maxViewersNonce: Number(h.maxViewersNonce ?? 0),
  };
}

export function poolTermsOf(pool: PoolState): PoolTerms {
  return {
    poolId: pool.poolId,
    ratePerGB: pool.ratePerGB,
    budgetPerEpoch: pool.epochBudget,
    balance: pool.balance,
    claimedTotal: pool.claimedTotal,
    attestedTotal: pool.attestedTotal,
  };
}

export class PoolStore {
  readonly #redis: RedisClient;
  readonly #keys: Keys;

  constructor(redis: RedisClient, keys: Keys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  /**
   * Stores what the chain says about a pool (absolute values: re-applying is harmless), then
   * lists it (the index is another hash slot).
   */
  async saveChain(poolId: bigint, pool: ChainPool, block: number): Promise<void> {
    const id = poolId.toString();
    await this.#redis.hset(this.#keys.pool(id), {
      owner: pool.owner.toLowerCase(),
      token: pool.token.toLowerCase(),
      ratePerGB: pool.ratePerGB.toString(),
      maxRatePerGB: pool.maxRatePerGB.toString(),
      epochBudget: pool.epochBudget.toString(),
      noticePeriod: String(pool.noticePeriod),
      balance: pool.balance.toString(),
      closesAt: String(pool.closesAt),
      block: String(block),
    });
    await this.#redis.sadd(this.#keys.pools(), id);
  }

  /**
   * Forgets the chain fields of a pool the chain no longer has (reorged away). What the
   * coordinator attested from it (attestedTotal) stays: it is not the chain's to erase, and a
   * pool that comes back (another reorg) must not look unspent.
   */
  async dropChain(poolId: bigint): Promise<void> {
    const id = poolId.toString();
    await this.#redis.srem(this.#keys.pools(), id);
    await this.#redis
      .multi()
      .hdel(this.#keys.pool(id), ...CHAIN_FIELDS, "claimedTotal")
      .del(this.#keys.poolClaims(id))
      .exec();
  }

  /** Sets an account's claimed amount (chain) and the pool's claimed total. */
  async saveClaims(poolId: bigint, claims: ReadonlyMap<string, bigint>): Promise<void> {
    const id = poolId.toString();
    const key = this.#keys.poolClaims(id);
    if (claims.size > 0)
      await this.#redis.hset(
        key,
        Object.fromEntries([...claims].map(([a, v]) => [a, v.toString()])),
      );
    const all = await this.#redis.hvals(key);
    const total = all.reduce((sum, v) => sum + BigInt(v), 0n);
    await this.#redis.hset(this.#keys.pool(id), "claimedTotal", total.toString());
  }

  /** Sets the pool's viewer cap; "stale" when `nonce` is not above the last accepted one. */
  async setViewerCap(poolId: bigint, maxViewers: number, nonce: number): Promise<"ok" | "stale"> {
    const key = this.#keys.pool(poolId.toString());
    return (await SET_VIEWER_CAP(this.#redis, [key], [maxViewers, nonce])) as "ok" | "stale";
  }

  async claimants(poolId: bigint): Promise<string[]> {
    return this.#redis.hkeys(this.#keys.poolClaims(poolId.toString()));
  }

  async get(poolId: bigint): Promise<PoolState | undefined> {
    return parsePool(poolId, await this.#redis.hgetall(this.#keys.pool(poolId.toString())));
  }

  async ids(): Promise<bigint[]> {
    return (await this.#redis.smembers(this.#keys.pools()))
      .map(BigInt)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** One page of pools by id ascending: at most `limit` with an id above `after`. */
  async list(
    limit: number,
    after?: bigint,
  ): Promise<{ pools: PoolState[]; nextCursor: string | null }> {
    const ids = (await this.ids()).filter((id) => after === undefined || id > after);
    const page = ids.slice(0, limit);
    const pools = (await Promise.all(page.map((id) => this.get(id)))).flatMap((p) =>
      p ? [p] : [],
    );
    return {
      pools,
      nextCursor: ids.length > limit ? page.at(-1)!.toString() : null,
    };
  }

  /** Makes `poolId` pay for the stream (replacing any earlier pool). */
  async linkStream(streamId: string, poolId: bigint): Promise<void> {
    const previous = await this.#redis.set(
      this.#keys.streamPool(streamId),
      poolId.toString(),
      "GET",
    );
    await this.#redis.sadd(this.#keys.poolStreams(poolId.toString()), streamId);
    if (previous !== null && previous !== poolId.toString())
      await this.#redis.srem(this.#keys.poolStreams(previous), streamId);
  }

  async poolOfStream(streamId: string): Promise<bigint | undefined> {
    const id = await this.#redis.get(this.#keys.streamPool(streamId));
    return id === null ? undefined : BigInt(id);
  }

  async streamsOf(poolId: bigint): Promise<string[]> {
    return this.#redis.smembers(this.#keys.poolStreams(poolId.toString()));
  }

  /** The pool's relays by cumulative attested amount, highest first. */
  async supporters(poolId: bigint, limit: number): Promise<{ relay: string; amount: bigint }[]> {
    const flat = await this.#redis.zrevrange(
      this.#keys.poolRelays(poolId.toString()),
      0,
      limit - 1,
      "WITHSCORES",
    );
    const out: { relay: string; amount: bigint }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const entry = await this.#redis.hget(
        this.#keys.ledger(ledgerShard(flat[i]!)),
        `${poolId}:${flat[i]}`,
      );
      out.push({ relay: flat[i]!, amount: BigInt(entry?.split(":")[1] ?? "0") });
    }
    return out;
  }
}
