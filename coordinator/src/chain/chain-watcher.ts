/**
 * Follows RewardPools and RelayStaking events with getLogs over block ranges. Events are
 * triggers: for every pool, claimant and operator an event names, the watcher reads the
 * contract's current values at the range's last block and stores those absolute values, so
 * applying a range twice changes nothing. It resumes from the last processed block (RedisClient)
 * and keeps the hashes of recent range ends: when the chain's hash at the stored block
 * differs (a reorg), it rewinds to the newest stored block that still matches (or
 * WATCHER_REORG_DEPTH blocks), re-reads every known pool, claimant and jailed operator, and
 * scans forward again. RelayKeyAuthorized / RelayKeyRevoked clear the cached operatorOf answer
 * of that relay key (cached-stake-reader.ts), so a revoked key stops counting for its operator
 * at once instead of after the cache's TTL.
 */
import type { RedisClient } from "../store/redis-client.ts";
import type { Logger } from "pino";
import { parseEventLogs, type PublicClient } from "viem";
import type { Keys } from "../store/keys.ts";
import type { PoolStore } from "../store/pool-store.ts";
import type { ContractRef, RelayStakingAbi, RewardPoolsAbi } from "./contracts.ts";
import { isPoolNotFound } from "./pool-reader.ts";

export interface ChainWatcherDeps {
  client: PublicClient;
  rewardPools: ContractRef<RewardPoolsAbi>;
  staking: ContractRef<RelayStakingAbi>;
  pools: PoolStore;
  redis: RedisClient;
  keys: Keys;
  logger: Logger;
  /** First block to scan when nothing was processed yet (the deploy block). */
  startBlock: bigint;
  blockRange: number;
  reorgDepth: number;
}

export interface PollResult {
  from: bigint;
  to: bigint;
  events: number;
  rewoundTo?: bigint;
}

export function createChainWatcher(deps: ChainWatcherDeps) {
  const { client, redis, keys, pools } = deps;
  const log = deps.logger.child({ component: "chain-watcher" });
  const abi = [...deps.rewardPools.abi, ...deps.staking.abi];

  /**
   * Stores the pool as the chain has it at `block`. Only a successful answer that the pool
   * does not exist (a PoolNotFound revert, or a zero owner) drops it; any other failure (RPC
   * down, timeout) throws and leaves the stored pool as it was.
   */
  async function readPool(poolId: bigint, block: bigint): Promise<void> {
    let p;
    try {
      p = await client.readContract({
        address: deps.rewardPools.address,
        abi: deps.rewardPools.abi,
        functionName: "pool",
        args: [poolId],
        blockNumber: block,
      });
    } catch (error) {
      if (!isPoolNotFound(error)) throw error;
      log.info({ poolId: poolId.toString() }, "pool gone from the chain; dropped");
      await pools.dropChain(poolId);
      return;
    }
    if (/^0x0{40}$/.test(p.owner)) {
      await pools.dropChain(poolId);
      return;
    }
    await pools.saveChain(
      poolId,
      { ...p, noticePeriod: Number(p.noticePeriod), closesAt: Number(p.closesAt) },
      Number(block),
    );
  }

  async function readClaims(
    poolId: bigint,
    accounts: readonly string[],
    block: bigint,
  ): Promise<void> {
    const claims = new Map<string, bigint>();
    for (const account of accounts) {
      const [, amount] = await client.readContract({
        address: deps.rewardPools.address,
        abi: deps.rewardPools.abi,
        functionName: "claimed",
        args: [poolId, account as `0x${string}`],
        blockNumber: block,
      });
      claims.set(account.toLowerCase(), amount);
    }
    await pools.saveClaims(poolId, claims);
  }

  async function readOperator(operator: string, block: bigint): Promise<void> {
    const [, , , jailed] = await client.readContract({
      address: deps.staking.address,
      abi: deps.staking.abi,
      functionName: "stakeOf",
      args: [operator as `0x${string}`],
      blockNumber: block,
    });
    if (jailed) await redis.sadd(keys.jailed(), operator);
    else await redis.srem(keys.jailed(), operator);
    await redis.del(keys.stake(operator));
  }

  async function lastBlock(): Promise<bigint | undefined> {
    const v = await redis.get(keys.watcherBlock());
    return v === null ? undefined : BigInt(v);
  }

  /** The newest processed block whose stored hash the chain still has, after a reorg. */
  async function rewind(last: bigint): Promise<bigint> {
    const stored = await redis.hgetall(keys.watcherHashes());
    const numbers = Object.keys(stored)
      .map(BigInt)
      .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    let to = last - BigInt(deps.reorgDepth);
    for (const n of numbers) {
      const block = await client.getBlock({ blockNumber: n }).catch(() => undefined);
      if (block?.hash === stored[n.toString()]) {
        to = n;
        break;
      }
    }
    if (to < deps.startBlock - 1n) to = deps.startBlock - 1n;
    // Absolute re-reads at the surviving block undo whatever the orphaned blocks applied; the
    // rewind is recorded only after they all succeeded, so a failed read retries it.
    const at = to < 0n ? 0n : to;
    for (const poolId of await pools.ids()) {
      await readPool(poolId, at);
      await readClaims(poolId, await pools.claimants(poolId), at);
    }
    for (const operator of await redis.smembers(keys.jailed())) await readOperator(operator, at);
    const drop = numbers.filter((n) => n > to).map(String);
    const multi = redis.multi().set(keys.watcherBlock(), to.toString());
    if (drop.length > 0) multi.hdel(keys.watcherHashes(), ...drop);
    await multi.exec();
    log.warn({ from: last.toString(), to: to.toString() }, "reorg: rewound");
    return to;
  }

  /** Processes the next block range (or rewinds after a reorg). */
  async function poll(): Promise<PollResult | undefined> {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    let last = (await lastBlock()) ?? deps.startBlock - 1n;
    let rewoundTo: bigint | undefined;
    const storedHash = await redis.hget(keys.watcherHashes(), last.toString());
    if (storedHash !== null) {
      const block = await client.getBlock({ blockNumber: last }).catch(() => undefined);
      if (block?.hash !== storedHash) {
        last = await rewind(last);
        rewoundTo = last;
      }
    } else if (last > head) {
      last = await rewind(last);
      rewoundTo = last;
    }
    const from = last + 1n;
    if (from > head)
      return rewoundTo === undefined ? undefined : { from, to: last, events: 0, rewoundTo };
    const to =
      head < from + BigInt(deps.blockRange) - 1n ? head : from + BigInt(deps.blockRange) - 1n;
    const logs = await client.getLogs({
      address: [deps.rewardPools.address, deps.staking.address],
      fromBlock: from,
      toBlock: to,
    });
    const touchedPools = new Map<bigint, Set<string>>();
    const operators = new Set<string>();
    const relayKeys = new Set<string>();
    let events = 0;
    const touchPool = (poolId: bigint, claimant?: string) => {
      const claimants = touchedPools.get(poolId) ?? new Set<string>();
      if (claimant) claimants.add(claimant.toLowerCase());
      touchedPools.set(poolId, claimants);
      events += 1;
    };
    const touchOperator = (operator: string) => {
      operators.add(operator.toLowerCase());
      events += 1;
    };
    for (const event of parseEventLogs({ abi, logs })) {
      switch (event.eventName) {
        case "PoolCreated":
        case "PoolFunded":
        case "PoolClosed":
        case "PoolReclaimed":
          touchPool(event.args.poolId);
          break;
        case "Claimed":
          touchPool(event.args.poolId, event.args.account);
          break;
        case "Staked":
        case "UnstakeRequested":
        case "Withdrawn":
        case "Slashed":
        case "Jailed":
        case "Unjailed":
        case "TamperingProven":
        case "SlashExecuted":
          touchOperator(event.args.operator);
          break;
        case "RelayKeyAuthorized":
        case "RelayKeyRevoked":
          relayKeys.add(event.args.relayKey.toLowerCase());
          events += 1;
          break;
      }
    }
    // The cached relay key -> operator answers are stale: the next lookup reads operatorOf.
    await Promise.all([...relayKeys].map((k) => redis.del(keys.operatorOf(k))));
    for (const [poolId, claimants] of touchedPools) {
      await readPool(poolId, to);
      await readClaims(poolId, [...claimants], to);
    }
    for (const operator of operators) await readOperator(operator, to);
    const block = await client.getBlock({ blockNumber: to });
    const old = Object.keys(await redis.hgetall(keys.watcherHashes())).filter(
      (n) => BigInt(n) < to - BigInt(deps.reorgDepth),
    );
    const multi = redis
      .multi()
      .hset(keys.watcherHashes(), to.toString(), block.hash!)
      .set(keys.watcherBlock(), to.toString());
    if (old.length > 0) multi.hdel(keys.watcherHashes(), ...old);
    await multi.exec();
    if (events > 0)
      log.info({ from: from.toString(), to: to.toString(), events }, "chain events applied");
    return { from, to, events, ...(rewoundTo === undefined ? {} : { rewoundTo }) };
  }

  /** Polls until caught up with the chain's head. */
  async function catchUp(): Promise<void> {
    for (;;) {
      const result = await poll();
      const head = await client.getBlockNumber({ cacheTime: 0 });
      if (result === undefined || result.to >= head) return;
    }
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  return {
    poll,
    catchUp,
    readPool,
    lastBlock,
    start(intervalMs: number): void {
      if (loop) return;
      running = true;
      loop = (async () => {
        while (running) {
          try {
            await catchUp();
          } catch (error) {
            log.warn({ err: error }, "chain watcher poll failed; retrying");
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, intervalMs);
          });
        }
      })();
    },
    async stop(): Promise<void> {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },
  };
}

export type ChainWatcher = ReturnType<typeof createChainWatcher>;
