import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { authLoginResponse, listRelaysResponse, streamDetail } from "@streamrp2p/protocol";
import {
  CHAIN_ID,
  call,
  createStream,
  hash32,
  heartbeatBody,
  login,
  newAccount,
  siweMessage,
  snapshot,
  startHarness,
  type Harness,
} from "./support/harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness({ stakeCacheSeconds: 1 });
});
after(() => h.close());

describe("GET /v1/auth/nonce + POST /v1/auth/login", () => {
  it("signs a relay in with EIP-4361 and issues a bearer token", async () => {
    const relay = newAccount();
    const message = await siweMessage(h, relay);
    const signature = await relay.signMessage({ message });
    const res = await call(h, "POST", "/v1/auth/login", { body: { message, signature } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const body = authLoginResponse.parse(res.body);
    assert.equal(body.address, relay.address.toLowerCase());
    assert.equal(body.expiresAt, h.clock.now + h.config.authTokenTtlSeconds * 1000);
    const ttl = await h.redis.pttl((await h.redis.keys(`${h.config.redisPrefix}auth-token:*`))[0]!);
    assert.ok(ttl > 0);
  });

  it("uses each nonce once", async () => {
    const relay = newAccount();
    const message = await siweMessage(h, relay);
    const signature = await relay.signMessage({ message });
    assert.equal(
      (await call(h, "POST", "/v1/auth/login", { body: { message, signature } })).status,
      200,
    );
    const replay = await call(h, "POST", "/v1/auth/login", { body: { message, signature } });
    assert.equal(replay.status, 401);
    assert.equal(replay.body.error.code, "LOGIN_FAILED");
    assert.equal(replay.body.error.details.reason, "nonce");
  });

  it("refuses wrong domain, chain, expired messages, foreign signatures and unknown nonces, changing nothing", async () => {
    const relay = newAccount();
    const cases: [string, () => Promise<{ message: string; signature: string }>][] = [
      ["domain", async () => sign(await siweMessage(h, relay, { domain: "evil.example" }))],
      ["chain", async () => sign(await siweMessage(h, relay, { chainId: CHAIN_ID + 1 }))],
      [
        "expired",
        async () =>
          sign(await siweMessage(h, relay, { expirationTime: new Date(h.clock.now - 1000) })),
      ],
      [
        "expired",
        async () =>
          sign(await siweMessage(h, relay, { issuedAt: new Date(h.clock.now - 3_600_000) })),
      ],
      [
        "signature",
        async () => ({
          message: await siweMessage(h, relay),
          signature: await newAccount().signMessage({ message: "x" }),
        }),
      ],
      ["nonce", async () => sign(await siweMessage(h, relay, { nonce: "abcdefgh12345678" }))],
      ["message", async () => sign("hello, not a SIWE message")],
    ];
    async function sign(message: string) {
      return { message, signature: await relay.signMessage({ message }) };
    }
    for (const [reason, make] of cases) {
      const body = await make();
      const before = await snapshot(h);
      const res = await call(h, "POST", "/v1/auth/login", { body });
      assert.equal(res.status, 401, reason);
      assert.equal(res.body.error.details.reason, reason);
      assert.deepEqual(await snapshot(h), before, reason);
    }
    const garbage = await call(h, "POST", "/v1/auth/login", {
      body: { message: "x", signature: "0x12" },
    });
    assert.equal(garbage.status, 400);
    assert.equal(garbage.body.error.code, "VALIDATION_FAILED");
  });
});

describe("relay heartbeats, registry, stake and fetch logs", () => {
  it("needs a bearer token", async () => {
    const before = await snapshot(h);
    for (const token of [undefined, "not-a-real-token-but-long-enough"]) {
      const hb = await call(h, "POST", "/v1/relays/heartbeat", {
        body: heartbeatBody(),
        ...(token ? { token } : {}),
      });
      assert.equal(hb.status, 401);
      assert.equal(hb.body.error.code, "UNAUTHORIZED");
      const fl = await call(h, "POST", "/v1/relays/fetch-log", {
        body: { entries: [] },
        ...(token ? { token } : {}),
      });
      assert.equal(fl.status, 401);
    }
    assert.deepEqual(await snapshot(h), before);
  });

  it("records heartbeats, lists relays with liveness and (cached) stake, and shows them on the stream", async () => {
    const relay = newAccount();
    const token = await login(h, relay);
    const s = await createStream(h, newAccount());
    h.stake.staked.add(relay.address.toLowerCase());
    const hb = await call(h, "POST", "/v1/relays/heartbeat", {
      token,
      body: heartbeatBody({
        url: "http://127.0.0.1:9100",
        tier: 2,
        streams: [s.streamId],
        load: 0.25,
        viewers: 3,
      }),
    });
    assert.equal(hb.status, 200);
    const list = listRelaysResponse.parse((await call(h, "GET", "/v1/relays")).body);
    const mine = list.relays.find((r) => r.address === relay.address.toLowerCase());
    assert.ok(mine);
    assert.equal(mine.live, true);
    assert.equal(mine.staked, true);
    assert.equal(
      mine.tier,
      1,
      "the coordinator's tier (upstream is no relay: the origin), not the claimed 2",
    );
    assert.equal(mine.lastSeen, h.clock.now);
    const detail = streamDetail.parse((await call(h, "GET", `/v1/streams/${s.streamId}`)).body);
    assert.deepEqual(
      detail.relays.map((r) => r.address),
      [relay.address.toLowerCase()],
    );

    const calls = h.stake.calls;
    await call(h, "GET", "/v1/relays");
    assert.equal(h.stake.calls, calls, "the stake answer is cached in Redis");

    h.clock.now += (h.config.relayLiveSeconds + 1) * 1000;
    const later = listRelaysResponse.parse((await call(h, "GET", "/v1/relays")).body);
    assert.equal(later.relays.find((r) => r.address === relay.address.toLowerCase())!.live, false);
    assert.deepEqual(
      streamDetail.parse((await call(h, "GET", `/v1/streams/${s.streamId}`)).body).relays,
      [],
    );
  });

  it("refuses bad heartbeats without storing them", async () => {
    const token = await login(h, newAccount());
    const before = await snapshot(h);
    for (const body of [
      heartbeatBody({ tier: 0 }),
      heartbeatBody({ load: 2 }),
      heartbeatBody({ url: "ftp://x" }),
      heartbeatBody({ streams: ["nope"] }),
      { ...heartbeatBody(), extra: 1 },
    ]) {
      const res = await call(h, "POST", "/v1/relays/heartbeat", { token, body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
    assert.deepEqual(await snapshot(h), before);
  });

  it("stores the fetch log per (stream, relay); the first report of a sequence wins", async () => {
    const relay = newAccount();
    h.stake.staked.add(relay.address.toLowerCase());
    const token = await login(h, relay);
    const streamId = hash32(42);
    const entry = (sequence: number, seed: number) => ({
      streamId,
      sequence,
      hash: hash32(seed),
      from: "http://127.0.0.1:8000",
      at: h.clock.now,
    });
    assert.equal(
      (
        await call(h, "POST", "/v1/relays/fetch-log", {
          token,
          body: { entries: [entry(1, 1), entry(2, 2)] },
        })
      ).status,
      202,
    );
    assert.equal(
      (
        await call(h, "POST", "/v1/relays/fetch-log", {
          token,
          body: { entries: [entry(2, 9), entry(3, 3)] },
        })
      ).status,
      202,
    );
    const key = `${h.config.redisPrefix}stream:{${streamId}}:fetch-log:${relay.address.toLowerCase()}`;
    const stored = await h.redis.hgetall(key);
    assert.deepEqual(Object.keys(stored).sort(), ["1", "2", "3"]);
    assert.equal(JSON.parse(stored["2"]!).hash, hash32(2));
    assert.ok((await h.redis.ttl(key)) > 0);
    const before = await snapshot(h);
    const bad = await call(h, "POST", "/v1/relays/fetch-log", {
      token,
      body: { entries: [{ ...entry(4, 4), sequence: -1 }] },
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(await snapshot(h), before);
  });
});
