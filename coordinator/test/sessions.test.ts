import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { PrivateKeyAccount } from "viem/accounts";
import { createSessionKey, createSessionResponse, sessionInfo } from "@streamrp2p/protocol";
import {
  call,
  createStream,
  hash32,
  heartbeatBody,
  login,
  newAccount,
  signEntry,
  snapshot,
  startHarness,
  type Harness,
} from "./support/harness.ts";
import { Redis } from "ioredis";
import { pino } from "pino";
import { createApp } from "../src/app.ts";
import { createServices } from "../src/services.ts";
import { listen } from "../src/listen.ts";
import type { StoredSession } from "../src/store/session-store.ts";

const PUBLIC_KEY = (await createSessionKey()).publicKey;

let h: Harness;
let relays: { account: PrivateKeyAccount; token: string }[];
let streamId: `0x${string}`;

async function beat(i: number, overrides: Record<string, unknown>) {
  const res = await call(h, "POST", "/v1/relays/heartbeat", {
    token: relays[i]!.token,
    body: heartbeatBody({ url: `http://127.0.0.1:${9200 + i}`, ...overrides }),
  });
  assert.equal(res.status, 200);
}

before(async () => {
  h = await startHarness({ maxSessionsPerAddress: 2, relaysPerSession: 3, stakeCacheSeconds: 1 });
  relays = [];
  for (let i = 0; i < 5; i++) {
    const account = newAccount();
    relays.push({ account, token: await login(h, account) });
  }
  const origin = newAccount();
  streamId = (await createStream(h, origin)).streamId;
  const entries = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      signEntry(origin, {
        streamId,
        sequence: i,
        size: 100,
        durationMs: 1000,
        hash: hash32(i + 1),
      }),
    ),
  );
  assert.equal(
    (await call(h, "POST", `/v1/streams/${streamId}/manifest`, { body: { entries } })).status,
    202,
  );
});
after(() => h.close());

const addr = (i: number) => relays[i]!.account.address.toLowerCase();

describe("POST /v1/sessions", () => {
  it("answers 503 NO_RELAYS_AVAILABLE while no live staked relay exists, storing nothing", async () => {
    const before = await snapshot(h);
    const res = await call(h, "POST", "/v1/sessions", {
      body: { streamId, viewerPublicKey: PUBLIC_KEY },
    });
    assert.equal(res.status, 503);
    assert.equal(res.body.error.code, "NO_RELAYS_AVAILABLE");
    assert.deepEqual(await snapshot(h), before);
  });

  it("assigns live, staked relays serving the stream first, whatever tier and load they report", async () => {
    for (const i of [0, 1, 2, 3]) h.stake.staked.add(addr(i));
    await beat(0, { tier: 1, load: 0.0, streams: [streamId] });
    await beat(1, { tier: 2, load: 0.5, streams: [streamId] });
    await beat(2, { tier: 2, load: 0.1, streams: [streamId] });
    await beat(3, { tier: 3, load: 0.0, streams: [] });
    await beat(4, { tier: 3, load: 0.0, streams: [streamId] });
    const res = await call(h, "POST", "/v1/sessions", {
      body: { streamId, viewerPublicKey: PUBLIC_KEY },
      headers: {},
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const body = createSessionResponse.parse(res.body);
    assert.deepEqual(
      body.relays.map((r) => r.address).sort(),
      [addr(0), addr(1), addr(2)].sort(),
      "relay 4 is unstaked; relay 3 does not serve the stream yet and the list is full",
    );
    for (const r of body.relays) {
      const i = [0, 1, 2, 3, 4].find((j) => addr(j) === r.address)!;
      assert.equal(r.url, `http://127.0.0.1:${9200 + i}`);
      assert.equal(r.tier, 1, "the coordinator's tier: the upstream is no relay, so the origin");
    }
    assert.equal(body.expiresAt, h.clock.now + h.config.sessionTtlSeconds * 1000);

    const stored = JSON.parse(
      (await h.redis.get(`${h.config.redisPrefix}session:${body.sessionId}`))!,
    ) as StoredSession;
    assert.equal(stored.publicKey, PUBLIC_KEY);
    assert.equal(stored.firstSequence, 29 - h.config.sessionBackfillSegments + 1);
    assert.deepEqual(
      stored.relays,
      body.relays.map((r) => r.address),
    );
    assert.equal(stored.addressOrdinal, 1);
    assert.ok((await h.redis.pttl(`${h.config.redisPrefix}session:${body.sessionId}`)) > 0);

    const got = await call(h, "GET", `/v1/sessions/${body.sessionId}`);
    assert.equal(got.status, 200);
    const info = sessionInfo.parse(got.body);
    assert.equal(info.viewerPublicKey, PUBLIC_KEY);
    assert.deepEqual(info.relays, body.relays);
    assert.equal((await call(h, "GET", `/v1/streams/${streamId}`)).body.viewers, 1);
  });

  it("caps open sessions per network address with 429 SESSION_LIMIT, storing nothing", async () => {
    const second = await call(h, "POST", "/v1/sessions", {
      body: { streamId, viewerPublicKey: PUBLIC_KEY },
    });
    assert.equal(second.status, 201);
    const before = await snapshot(h);
    const third = await call(h, "POST", "/v1/sessions", {
      body: { streamId, viewerPublicKey: PUBLIC_KEY },
    });
    assert.equal(third.status, 429);
    assert.equal(third.body.error.code, "SESSION_LIMIT");
    assert.ok(Number(third.headers.get("retry-after")) > 0);
    assert.deepEqual(await snapshot(h), before);
  });

  it("gives an unproven wallet no cap of its own, never assigns the viewer's own relay, and frees places on expiry", async () => {
    const wallet = newAccount().address;
    const refused = await call(h, "POST", "/v1/sessions", {
      body: { streamId, viewerPublicKey: PUBLIC_KEY, viewerAddress: wallet },
    });
    assert.equal(refused.body.error.code, "SESSION_LIMIT", "the network prefix is full");

    h.clock.now += h.config.sessionTtlSeconds * 1000 + 1;
    for (const i of [0, 1, 2, 3]) await beat(i, { tier: 1, load: 0.1, streams: [streamId] });
    for (let i = 0; i < 2; i++) {
      const own = await call(h, "POST", "/v1/sessions", {
        body: { streamId, viewerPublicKey: PUBLIC_KEY, viewerAddress: relays[2]!.account.address },
      });
      assert.equal(own.status, 201, "expired sessions free their places");
      assert.ok(!own.body.relays.some((r: { address: string }) => r.address === addr(2)));
      const stored = JSON.parse(
        (await h.redis.get(`${h.config.redisPrefix}session:${own.body.sessionId}`))!,
      ) as StoredSession;
      assert.equal(stored.addressOrdinal, 1 + i, "ranked among the prefix's open sessions");
    }
  });

  it("validates input and answers 404 for unknown streams and sessions", async () => {
    const before = await snapshot(h);
    for (const body of [
      { streamId, viewerPublicKey: "short" },
      { streamId: "0x12", viewerPublicKey: PUBLIC_KEY },
      { streamId, viewerPublicKey: PUBLIC_KEY, viewerAddress: "me" },
      { streamId, viewerPublicKey: PUBLIC_KEY, extra: 1 },
    ]) {
      const res = await call(h, "POST", "/v1/sessions", { body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
    const unknown = await call(h, "POST", "/v1/sessions", {
      body: { streamId: hash32(999), viewerPublicKey: PUBLIC_KEY },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "STREAM_NOT_FOUND");
    const missing = await call(h, "GET", "/v1/sessions/deadbeef");
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, "SESSION_NOT_FOUND");
    const malformed = await call(h, "GET", `/v1/sessions/${encodeURIComponent("a b")}`);
    assert.equal(malformed.status, 400);
    assert.deepEqual(await snapshot(h), before);
  });
});

describe("several coordinators", () => {
  it("share the session cap atomically under concurrent requests", async () => {
    for (const key of await h.redis.keys(`${h.config.redisPrefix}viewer-sessions:*`)) {
      await h.redis.del(key);
    }
    const redis = new Redis(h.redisServer.url);
    const second = await listen(
      createApp(
        createServices({
          config: h.config,
          redis,
          logger: pino({ level: "silent" }),
          stakeReader: h.stake,
          clock: () => h.clock.now,
        }),
      ),
      0,
    );
    try {
      const wallet = newAccount().address;
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          fetch(`${i % 2 ? second.url : h.url}/v1/sessions`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ streamId, viewerPublicKey: PUBLIC_KEY, viewerAddress: wallet }),
          }).then((r) => r.status),
        ),
      );
      assert.equal(results.filter((s) => s === 201).length, h.config.maxSessionsPerAddress);
      assert.equal(results.filter((s) => s === 429).length, 12 - h.config.maxSessionsPerAddress);
    } finally {
      await second.close();
      redis.disconnect();
      redis.disconnect();
    }
  });
});

describe("REQUIRE_STAKE=false", () => {
  it("assigns unstaked relays in the chainless dev mode", async () => {
    const dev = await startHarness({ requireStake: false, chainRpcUrl: undefined });
    try {
      const relay = newAccount();
      const token = await login(dev, relay);
      const s = await createStream(dev, newAccount());
      await call(dev, "POST", "/v1/relays/heartbeat", {
        token,
        body: heartbeatBody({ streams: [s.streamId] }),
      });
      const res = await call(dev, "POST", "/v1/sessions", {
        body: { streamId: s.streamId, viewerPublicKey: PUBLIC_KEY },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.relays[0].address, relay.address.toLowerCase());
      const relaysList = (await call(dev, "GET", "/v1/relays")).body.relays;
      assert.equal(relaysList[0].staked, false);
    } finally {
      await dev.close();
    }
  });
});
