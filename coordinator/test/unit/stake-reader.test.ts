import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import { pino } from "pino";
import { createPublicClient, custom, encodeFunctionResult, type PublicClient } from "viem";
import { startRedis, type RedisServer } from "../../../scripts/lib/redis-server.ts";
import { cachedStakeReader } from "../../src/stake/cached-stake-reader.ts";
import { getDeployment } from "@streamrp2p/deployments";
import { chainStakeReader } from "../../src/stake/chain-stake-reader.ts";
import { redisKeys } from "../../src/store/keys.ts";

const STAKING = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const RELAY = "0x00000000000000000000000000000000000000aa";
const staking = { address: STAKING, abi: getDeployment(31337).contracts.RelayStaking.abi } as const;

/** A JSON-RPC endpoint that answers eth_call with `active` and records the calls. */
function fakeChain(active: () => boolean | Error) {
  const calls: unknown[] = [];
  const client = createPublicClient({
    transport: custom({
      async request({ method, params }) {
        if (method === "eth_chainId") return "0x7a69";
        if (method !== "eth_call") throw new Error(`unexpected ${method}`);
        calls.push(params);
        const value = active();
        if (value instanceof Error) throw value;
        return encodeFunctionResult({
          abi: staking.abi,
          functionName: "isActive",
          result: value,
        });
      },
    }),
  }) as PublicClient;
  return { client, calls };
}

describe("chainStakeReader", () => {
  it("calls RelayStaking.isActive(operator) at the staking address", async () => {
    const chain = fakeChain(() => true);
    const reader = chainStakeReader({
      client: chain.client,
      staking,
    });
    assert.equal(await reader.isActive(RELAY), true);
    const [call] = chain.calls[0] as [{ to: string; data: string }];
    assert.equal(call.to, STAKING);
    assert.ok(call.data.startsWith("0x9f8a13d7"), "selector of isActive(address)");
    assert.ok(call.data.endsWith(RELAY.slice(2)));
  });
});

describe("cachedStakeReader", () => {
  let server: RedisServer;
  let redis: Redis;
  before(async () => {
    server = await startRedis();
    redis = new Redis(server.url);
  });
  after(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("caches answers in Redis for the TTL and fails closed without caching errors", async () => {
    let answer: boolean | Error = true;
    const chain = fakeChain(() => answer);
    const outcomes: string[] = [];
    const reader = cachedStakeReader({
      redis,
      keys: redisKeys("t:"),
      inner: chainStakeReader({
        client: chain.client,
        staking,
      }),
      ttlSeconds: 30,
      logger: pino({ level: "silent" }),
      onLookup: (o) => outcomes.push(o),
    });
    assert.equal(await reader.isActive(RELAY), true);
    answer = false;
    assert.equal(await reader.isActive(RELAY), true, "cached");
    assert.equal(chain.calls.length, 1);
    assert.ok((await redis.ttl(`t:stake:${RELAY}`)) > 0);

    const other = "0x00000000000000000000000000000000000000bb";
    answer = new Error("rpc down");
    assert.equal(await reader.isActive(other), false);
    assert.equal(await redis.exists(`t:stake:${other}`), 0, "errors are not cached");
    assert.deepEqual(outcomes, ["miss", "hit", "error"]);
  });
});
