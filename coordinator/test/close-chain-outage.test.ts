/**
 * An RPC outage while an epoch closes must not cost relays their pay: the closer resolves each
 * relay key's operator on-chain, and a failed read has to stop the close (it is retried on the
 * next tick) rather than count the key's bytes as unpaid and commit the epoch for good.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { createServices } from "../src/services.ts";
import type { StakeReader } from "../src/stake/stake-reader.ts";
import { redisKeys } from "../src/store/keys.ts";
import { createWorkers } from "../src/workers.ts";
import { seedPool, startPipeline, type Pipeline } from "./support/pipeline.ts";
import {
  buildWorld,
  drained,
  http,
  postReceipts,
  receiptsAt,
  type World,
} from "./support/world.ts";

/** Every relay key is its own operator, nobody is staked; reads throw while `down`. */
function flakyStakeReader(): StakeReader & { down: boolean } {
  const reader = {
    down: false,
    async isActive() {
      if (reader.down) throw new Error("RPC unreachable");
      return false;
    },
    async operatorOf(relayKey: `0x${string}`) {
      if (reader.down) throw new Error("RPC unreachable");
      return relayKey;
    },
  };
  return reader;
}

describe("epoch close during a chain outage", () => {
  let p: Pipeline;
  let world: World;
  before(async () => {
    p = await startPipeline({ overrides: { epochSeconds: 3600 } });
    world = await buildWorld(p.url, { sessions: 2 });
    await seedPool(p.pools, world.streamId, world.owner.address);
  });
  after(() => p.close());

  it("pays the relay once the chain answers again, not 'unpaid' forever", async () => {
    await postReceipts(world, await receiptsAt(world, 3));
    await drained(p.url);
    const relay = world.relay.address.toLowerCase() as `0x${string}`;
    const keys = redisKeys(p.config.redisPrefix);
    await p.redis.del(keys.operatorOf(relay)); // the cached answer has expired

    const stake = flakyStakeReader();
    const services = createServices({
      config: p.config,
      redis: p.redis,
      logger: pino({ level: "silent" }),
      stakeReader: stake,
      clock: () => Date.now() + 2 * 3600_000, // the receipts' epoch is over
    });
    const { closer } = createWorkers(services);

    stake.down = true;
    await closer.closeDue().catch(() => undefined);
    stake.down = false;
    await closer.closeDue();

    const { earnings } = (await http(p.url, "GET", `/v1/relays/${relay}/earnings`)).body;
    const bytes = earnings.reduce((s: bigint, e: { bytes: string }) => s + BigInt(e.bytes), 0n);
    assert.equal(bytes, BigInt(2 * 3 * world.segmentBytes), "the relay is paid after the outage");
  });
});
