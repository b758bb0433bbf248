/**
 * Money safety (issue 9), each exploit run as an attacker would against the real coordinator
 * and Redis: the attacker gains nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import { createPublicClient, http as viemHttp, type PublicClient } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import {
  coordinatorDomain,
  createStreamTypes,
  packAttestorSignatures,
  rewardPoolsDomain,
  signAttestation,
  streamIdOf,
} from "@streamrp2p/protocol";
import { getDeployment } from "@streamrp2p/deployments";
import { createApp } from "../src/app.ts";
import { createChainWatcher } from "../src/chain/chain-watcher.ts";
import { createAttestationSigner } from "../src/epochs/attestation-signer.ts";
import { listen } from "../src/listen.ts";
import { createServices } from "../src/services.ts";
import { noStakeReader } from "../src/stake/stake-reader.ts";
import { redisKeys } from "../src/store/keys.ts";
import {
  call,
  CHAIN_ID,
  createStream,
  hash32,
  newAccount,
  signEntry,
  startHarness,
  type Harness,
} from "./support/harness.ts";
import { REWARD_POOLS, seedPool, startPipeline, type Pipeline } from "./support/pipeline.ts";
import { buildWorld, drained, http, loginAt, postReceipts, receiptsAt } from "./support/world.ts";

const GIB4 = 0xffffffff;

async function waitFor<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 60_000) {
  const until = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    value = await read();
  }
  return value;
}

describe("finding 1: pool hijack", () => {
  const victim = newAccount();
  let p: Pipeline;
  before(async () => {
    p = await startPipeline({
      overrides: { epochSeconds: 1, epochCloseDelayMs: 100 },
      attestors: [privateKeyToAccount(generatePrivateKey())],
      poolReader: {
        async read(poolId) {
          if (poolId !== 1n) return undefined;
          return {
            owner: victim.address,
            token: "0x0000000000000000000000000000000000000001",
            ratePerGB: 1_000_000_000n,
            maxRatePerGB: 2_000_000_000n,
            epochBudget: 0n,
            noticePeriod: 3600,
            balance: 10n ** 15n,
            closesAt: 0,
          };
        },
      },
    });
  });
  after(() => p.close());

  it("a stream 'owned' by a victim, the victim's pool linked, 20 entries of 4 GiB / 1 ms: nothing credited", async () => {
    const attacker = newAccount();
    const origin = newAccount();
    const relay = newAccount();
    // The attacker claims the victim as owner, signing with its own key (or with no signature).
    const salt = hash32(99);
    const forged = await attacker.signTypedData({
      domain: coordinatorDomain(CHAIN_ID),
      types: createStreamTypes,
      primaryType: "CreateStream",
      message: {
        owner: victim.address,
        salt,
        originAddress: origin.address,
        name: "hijack",
        maxBitrate: 10n ** 12n,
        deadline: BigInt(Math.floor(Date.now() / 1000) + 600),
      },
    });
    let created = await http(p.url, "POST", "/v1/streams", {
      name: "hijack",
      originAddress: origin.address,
      owner: victim.address,
      salt,
      maxBitrate: 10 ** 12,
      deadline: Math.floor(Date.now() / 1000) + 600,
      ownerSignature: forged,
    });
    if (created.status !== 201)
      created = await http(p.url, "POST", "/v1/streams", {
        name: "hijack",
        originAddress: origin.address,
        ownerAddress: victim.address,
      });
    if (created.status !== 201) {
      assert.ok(
        ["OWNER_SIGNATURE_INVALID", "VALIDATION_FAILED"].includes(created.body.error.code),
        JSON.stringify(created.body),
      );
      // Nothing exists in the victim's name: the id the attacker aimed at is free.
      const squat = await http(p.url, "GET", `/v1/streams/${streamIdOf(victim.address, salt)}`);
      assert.equal(squat.status, 404);
      return;
    }
    const streamId = created.body.streamId as `0x${string}`;
    const linked = await http(p.url, "POST", `/v1/streams/${streamId}/pools`, { poolId: "1" });
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signEntry(origin, { streamId, sequence: i, size: GIB4, durationMs: 1, hash: hash32(i) }),
      ),
    );
    await http(p.url, "POST", `/v1/streams/${streamId}/manifest`, { entries });
    const world = await buildWorld(p.url, { sessions: 1, relay });
    const token = await loginAt(p.url, relay);
    const sessionWorld = { ...world, streamId, token, segmentBytes: GIB4, firstSequence: 10 };
    await http(
      p.url,
      "POST",
      "/v1/relays/fetch-log",
      {
        entries: Array.from({ length: 20 }, (_, i) => ({
          streamId,
          sequence: i,
          hash: hash32(i),
          from: "http://127.0.0.1:9000",
          at: Date.now(),
        })),
      },
      { authorization: `Bearer ${token}` },
    );
    const session = await http(
      p.url,
      "POST",
      "/v1/sessions",
      { streamId, viewerPublicKey: world.sessions[0]!.key.publicKey },
      { "x-forwarded-for": "10.9.9.9" },
    );
    if (session.status === 201) {
      sessionWorld.sessions = [{ sessionId: session.body.sessionId, key: world.sessions[0]!.key }];
      await postReceipts(sessionWorld, await receiptsAt(sessionWorld, 10));
      await drained(p.url);
    }
    await new Promise((r) => setTimeout(r, 2500)); // two epochs close
    const pool = (await http(p.url, "GET", "/v1/pools/1")).body;
    assert.equal(linked.status === 200 ? pool.attestedTotal : "0", "0");
    const attestations = (
      await http(p.url, "GET", `/v1/relays/${relay.address.toLowerCase()}/attestations`)
    ).body.attestations;
    assert.deepEqual(
      attestations.filter((a: { poolId: string }) => a.poolId === "1"),
      [],
    );
  });
});

describe("finding 1: manifest bounds on the coordinator's clock", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ rateLimitMax: 1000 });
  });
  after(() => h.close());

  it("refuses 20 entries of 4 GiB / 1 ms with MANIFEST_RATE_EXCEEDED", async () => {
    const origin = newAccount();
    const { streamId } = await createStream(h, origin);
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        signEntry(origin, { streamId, sequence: i, size: GIB4, durationMs: 1, hash: hash32(i) }),
      ),
    );
    const res = await call(h, "POST", `/v1/streams/${streamId}/manifest`, { body: { entries } });
    assert.equal(res.status, 429);
    assert.equal(res.body.error.code, "MANIFEST_RATE_EXCEEDED");
  });

  it("refuses media time ahead of the coordinator's clock, accepts a real-time stream", async () => {
    const origin = newAccount();
    const { streamId } = await createStream(h, origin);
    const entry = (i: number, durationMs = 2000) =>
      signEntry(origin, { streamId, sequence: i, size: 500_000, durationMs, hash: hash32(i + 1) });
    for (let i = 0; i < 5; i++) {
      const res = await call(h, "POST", `/v1/streams/${streamId}/manifest`, {
        body: { entries: [await entry(i)] },
      });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      h.clock.now += 2000;
    }
    // 30 minutes of media published in one go, 10 s after the stream started.
    const ahead = await Promise.all(Array.from({ length: 30 }, (_, i) => entry(5 + i, 60_000)));
    const res = await call(h, "POST", `/v1/streams/${streamId}/manifest`, {
      body: { entries: ahead },
    });
    assert.equal(res.body.error?.code, "MANIFEST_RATE_EXCEEDED");
  });
});

describe("finding 4: closing pools are attested for bytes served before closesAt", () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline({
      overrides: { epochSeconds: 1, epochCloseDelayMs: 100 },
      attestors: [privateKeyToAccount(generatePrivateKey())],
    });
  });
  after(() => p.close());

  it("a pool closing in an hour pays the epoch's bytes", async () => {
    const world = await buildWorld(p.url, { sessions: 2 });
    await seedPool(
      p.pools,
      world.streamId,
      world.owner.address.toLowerCase() as `0x${string}`,
      1n,
      {
        closesAt: Math.floor(Date.now() / 1000) + 3600,
      },
    );
    await postReceipts(world, await receiptsAt(world, 3));
    await drained(p.url);
    const relay = world.relay.address.toLowerCase();
    const attestations = await waitFor(
      async () =>
        (await http(p.url, "GET", `/v1/relays/${relay}/attestations`)).body.attestations as {
          cumulativeBytes: string;
        }[],
      (a) => a.length > 0,
      15_000,
    );
    assert.equal(attestations[0]?.cumulativeBytes, String(2 * 3 * world.segmentBytes));
  });
});

describe("finding 5: the chain watcher never drops a pool on an RPC error", () => {
  let p: Pipeline;
  before(async () => {
    p = await startPipeline({});
  });
  after(() => p.close());

  it("a failed read keeps the pool and its attestedTotal", async () => {
    const owner = newAccount().address.toLowerCase() as `0x${string}`;
    await seedPool(p.pools, hash32(5), owner, 3n);
    await p.redis.hset(redisKeys(p.config.redisPrefix).pool("3"), "attestedTotal", "777");
    const deployment = getDeployment(CHAIN_ID);
    const dead = createPublicClient({
      transport: viemHttp("http://127.0.0.1:1", { retryCount: 0 }),
    }) as PublicClient;
    const watcher = createChainWatcher({
      client: dead,
      rewardPools: { address: REWARD_POOLS, abi: deployment.contracts.RewardPools.abi },
      staking: { address: REWARD_POOLS, abi: deployment.contracts.RelayStaking.abi },
      pools: p.pools,
      redis: p.redis,
      keys: redisKeys(p.config.redisPrefix),
      logger: pino({ level: "silent" }),
      startBlock: 0n,
      blockRange: 10,
      reorgDepth: 4,
    });
    await watcher.readPool(3n, 5n).catch(() => undefined);
    const pool = await p.pools.get(3n);
    assert.ok(pool, "pool dropped");
    assert.equal(pool.attestedTotal, 777n);
    assert.equal(pool.owner, owner);
  });
});

describe("finding 7: attestation signatures follow the attestor set", () => {
  const before1 = privateKeyToAccount(generatePrivateKey());
  const after1 = privateKeyToAccount(generatePrivateKey());
  let p: Pipeline;
  before(async () => {
    p = await startPipeline({ attestors: [before1] });
  });
  after(() => p.close());

  it("after a rotation, serves the new set's signatures", async () => {
    const relay = newAccount().address.toLowerCase() as `0x${string}`;
    const services = createServices({
      config: p.config,
      redis: p.redis,
      logger: pino({ level: "silent" }),
      stakeReader: noStakeReader,
    });
    const token = (await services.epochs.lock(5000))!;
    const row = {
      poolId: 1n,
      relay,
      cumulativeBytes: 10n,
      cumulativeAmount: 10n,
      bytes: 10n,
      amount: 10n,
    };
    assert.equal(await services.epochs.commit(token, 0, [row], new Map([[1n, 10n]]), {}), "ok");
    await services.epochs.unlock(token);
    const first = (await http(p.url, "GET", `/v1/relays/${relay}/attestations`)).body;
    assert.equal(first.attestations.length, 1);

    const domain = rewardPoolsDomain(CHAIN_ID, REWARD_POOLS);
    const rotated = createApp(
      createServices({
        config: p.config,
        redis: p.redis,
        logger: pino({ level: "silent" }),
        stakeReader: noStakeReader,
        signer: createAttestationSigner([after1], domain),
      }),
    );
    const server = await listen(rotated, 0, "127.0.0.1");
    try {
      const served = (await http(server.url, "GET", `/v1/relays/${relay}/attestations`)).body;
      const message = { poolId: 1n, account: relay, cumulativeBytes: 10n, cumulativeAmount: 10n };
      const expected = packAttestorSignatures([
        { signer: after1.address, signature: await signAttestation(after1, domain, message) },
      ]);
      assert.equal(served.attestations[0].signatures, expected);
    } finally {
      await server.close();
    }
  });
});

describe("finding 8: a relay key earns for its operator's wallet", () => {
  const operator = newAccount();
  const relayKey = newAccount();
  let p: Pipeline;
  before(async () => {
    p = await startPipeline({
      overrides: {
        epochSeconds: 1,
        epochCloseDelayMs: 100,
        requireStake: true,
        chainRpcUrl: "http://127.0.0.1:1",
      },
      attestors: [privateKeyToAccount(generatePrivateKey())],
      stakeReader: {
        isActive: async (a) => a.toLowerCase() === operator.address.toLowerCase(),
        operatorOf: async (k) =>
          k.toLowerCase() === relayKey.address.toLowerCase() ? operator.address : null,
      },
    });
  });
  after(() => p.close());

  it("stake is the operator's, the API shows both, attestations and earnings name the operator", async () => {
    const world = await buildWorld(p.url, { sessions: 2, relay: relayKey });
    const listed = (await http(p.url, "GET", "/v1/relays")).body.relays;
    assert.equal(listed[0].address, relayKey.address.toLowerCase());
    assert.equal(listed[0].operator, operator.address.toLowerCase());
    assert.equal(listed[0].staked, true);
    await seedPool(p.pools, world.streamId, world.owner.address.toLowerCase() as `0x${string}`);
    await postReceipts(world, await receiptsAt(world, 3));
    await drained(p.url);
    const wallet = operator.address.toLowerCase();
    const attestations = await waitFor(
      async () =>
        (await http(p.url, "GET", `/v1/relays/${wallet}/attestations`)).body.attestations as {
          account: string;
        }[],
      (a) => a.length > 0,
      15_000,
    );
    assert.equal(attestations[0]?.account, wallet);
    const keyAttestations = (
      await http(p.url, "GET", `/v1/relays/${relayKey.address.toLowerCase()}/attestations`)
    ).body.attestations;
    assert.deepEqual(keyAttestations, []);
  });
});
