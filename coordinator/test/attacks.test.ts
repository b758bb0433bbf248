/**
 * Fake viewers, fake relays and floods (issue 10), each run as an attacker would against the
 * real coordinator and Redis: the attacker's gain stays under the stated bound.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import type { PrivateKeyAccount } from "viem/accounts";
import { base64urlEncode, createSessionKey } from "@streamrp2p/protocol";
import {
  call,
  createStream,
  hash32,
  heartbeatBody,
  login,
  newAccount,
  signEntry,
  startHarness,
  type Harness,
} from "./support/harness.ts";

const P256_SPKI_PREFIX = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE";

async function publishSegments(h: Harness, origin: PrivateKeyAccount, streamId: `0x${string}`) {
  const entries = await Promise.all(
    Array.from({ length: 5 }, (_, i) =>
      signEntry(origin, {
        streamId,
        sequence: i,
        size: 1000,
        durationMs: 1000,
        hash: hash32(i + 1),
      }),
    ),
  );
  const res = await call(h, "POST", `/v1/streams/${streamId}/manifest`, { body: { entries } });
  assert.equal(res.status, 202);
}

describe("malformed input answers the documented 4xx", () => {
  let h: Harness;
  let streamId: `0x${string}`;
  before(async () => {
    h = await startHarness();
    streamId = (await createStream(h, newAccount())).streamId;
  });
  after(() => h.close());

  it("a path parameter that is not valid percent-encoding is 400 VALIDATION_FAILED, not 500", async () => {
    for (const path of [
      "/v1/relays/%00%ff/attestations",
      "/v1/relays/%ff/report",
      "/v1/relays/%E0%A4%A/earnings",
      "/v1/streams/%ff",
      "/v1/sessions/%c0",
      "/v1/pools/%ff%fe",
    ]) {
      const res = await call(h, "GET", path);
      assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
  });

  it("POST /v1/sessions refuses a viewerPublicKey that is not a P-256 public key", async () => {
    const random = base64urlEncode(randomBytes(91));
    const offCurve = P256_SPKI_PREFIX + "A".repeat(86);
    const wrongCurve = "MFYwEAYHKoZIzj0CAQYFK4EEAAoDQgAE" + "A".repeat(86); // secp256k1 SPKI prefix with a P-256-sized body
    for (const viewerPublicKey of [random, offCurve, wrongCurve, "A".repeat(122)]) {
      const res = await call(h, "POST", "/v1/sessions", { body: { streamId, viewerPublicKey } });
      assert.equal(res.status, 400, viewerPublicKey);
      assert.equal(res.body.error.code, "VALIDATION_FAILED");
    }
    const real = await createSessionKey();
    const ok = await call(h, "POST", "/v1/sessions", {
      body: { streamId, viewerPublicKey: real.publicKey },
    });
    assert.equal(ok.body.error.code, "NO_RELAYS_AVAILABLE", "a real key passes validation");
  });
});

describe("a relay lying about its tier and load", () => {
  let h: Harness;
  let streamId: `0x${string}`;
  const honest: PrivateKeyAccount[] = [];
  const liar = newAccount();
  before(async () => {
    h = await startHarness({ relaysPerSession: 1, maxSessionsPerAddress: 10_000 });
    const origin = newAccount();
    streamId = (await createStream(h, origin)).streamId;
    await publishSegments(h, origin, streamId);
    for (let i = 0; i < 3; i++) honest.push(newAccount());
    for (const [i, relay] of [...honest, liar].entries()) {
      h.stake.staked.add(relay.address.toLowerCase());
      const token = await login(h, relay);
      const liarBeat = relay === liar;
      const res = await call(h, "POST", "/v1/relays/heartbeat", {
        token,
        body: heartbeatBody({
          url: `http://127.0.0.1:${9300 + i}`,
          upstream: "http://127.0.0.1:8000",
          streams: [streamId],
          tier: liarBeat ? 8 : 1,
          load: liarBeat ? 0 : 0.5,
          viewers: liarBeat ? 0 : 20,
        }),
      });
      assert.equal(res.status, 200);
    }
  });
  after(() => h.close());

  it("gets no more than its fair share (1/4) of 200 sessions", async () => {
    const key = await createSessionKey();
    let liarFirst = 0;
    const sessions = 200;
    for (let i = 0; i < sessions; i++) {
      const res = await call(h, "POST", "/v1/sessions", {
        body: { streamId, viewerPublicKey: key.publicKey },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      if (res.body.relays[0].address === liar.address.toLowerCase()) liarFirst += 1;
    }
    // Fair share 50 of 200; the bound allows for the randomness (binomial sd ~6).
    assert.ok(liarFirst <= 75, `the liar got ${liarFirst} of ${sessions} sessions`);
    assert.ok(liarFirst >= 25, `the liar still gets its share (${liarFirst})`);
  });
});

describe("fake viewers from one network prefix", () => {
  let h: Harness;
  let streamId: `0x${string}`;
  before(async () => {
    h = await startHarness({ trustProxy: true, maxSessionsPerAddress: 3 });
    const origin = newAccount();
    streamId = (await createStream(h, origin)).streamId;
    const relay = newAccount();
    h.stake.staked.add(relay.address.toLowerCase());
    const token = await login(h, relay);
    await call(h, "POST", "/v1/relays/heartbeat", {
      token,
      body: heartbeatBody({ streams: [streamId] }),
    });
  });
  after(() => h.close());

  async function open(ip: string, viewerAddress?: string) {
    const key = await createSessionKey();
    return call(h, "POST", "/v1/sessions", {
      headers: { "x-forwarded-for": ip },
      body: {
        streamId,
        viewerPublicKey: key.publicKey,
        ...(viewerAddress ? { viewerAddress } : {}),
      },
    });
  }

  it("20 viewers from one IPv6 /64 (each with its own unproven wallet) get at most the cap", async () => {
    let opened = 0;
    for (let i = 1; i <= 20; i++) {
      const res = await open(`2001:db8:1:2::${i.toString(16)}`, newAccount().address);
      if (res.status === 201) opened += 1;
      else assert.equal(res.body.error.code, "SESSION_LIMIT");
    }
    assert.equal(opened, 3);
    assert.equal((await open("2001:db8:1:3::1")).status, 201, "the next /64 has its own cap");
  });

  it("20 viewers from one IPv4 /24 get at most the cap; another /24 is not affected", async () => {
    let opened = 0;
    for (let i = 1; i <= 20; i++) if ((await open(`198.51.100.${i}`)).status === 201) opened += 1;
    assert.equal(opened, 3);
    assert.equal((await open("::ffff:198.51.100.77")).status, 429, "IPv4-mapped IPv6 is IPv4");
    assert.equal((await open("198.51.101.1")).status, 201);
  });
});

describe("floods from unstaked relay keys", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ stakeCacheSeconds: 1 });
  });
  after(() => h.close());

  it("a heartbeat or fetch log from an unstaked key creates no per-stream keys", async () => {
    const token = await login(h, newAccount());
    const streams = Array.from({ length: 100 }, (_, i) => hash32(10_000 + i));
    const res = await call(h, "POST", "/v1/relays/heartbeat", {
      token,
      body: heartbeatBody({ streams }),
    });
    assert.equal(res.status, 200);
    const log = await call(h, "POST", "/v1/relays/fetch-log", {
      token,
      body: {
        entries: streams.map((streamId) => ({
          streamId,
          sequence: 1,
          hash: hash32(1),
          from: "http://127.0.0.1:8000",
          at: h.clock.now,
        })),
      },
    });
    assert.equal(log.status, 202);
    const perStream = await h.redis.keys(`${h.config.redisPrefix}stream:*`);
    assert.deepEqual(perStream, []);
  });

  it("GET /v1/relays reads the stake of many relays in a batch, not one read per relay", async () => {
    for (let i = 0; i < 12; i++) {
      const relay = newAccount();
      h.stake.staked.add(relay.address.toLowerCase());
      const token = await login(h, relay);
      await call(h, "POST", "/v1/relays/heartbeat", { token, body: heartbeatBody() });
    }
    for (const key of await h.redis.keys(`${h.config.redisPrefix}*`)) {
      if (/:(stake|operator-of):/.test(key)) await h.redis.del(key);
    }
    const reads = h.stake.reads;
    const res = await call(h, "GET", "/v1/relays");
    assert.equal(res.status, 200);
    assert.ok(res.body.relays.length >= 12);
    assert.ok(h.stake.reads - reads <= 2, `${h.stake.reads - reads} chain reads for one listing`);
  });
});

describe("listings paginate", () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    for (let i = 0; i < 5; i++) {
      await createStream(h, newAccount(), `stream ${i}`);
      h.clock.now += 1;
    }
  });
  after(() => h.close());

  it("GET /v1/streams?limit=2 pages through every stream with nextCursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(
        h,
        "GET",
        `/v1/streams?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.ok(res.body.streams.length <= 2);
      seen.push(...res.body.streams.map((s: { name: string }) => s.name));
      cursor = res.body.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    assert.deepEqual(seen, ["stream 4", "stream 3", "stream 2", "stream 1", "stream 0"]);
    assert.equal(pages, 3);
    const bad = await call(h, "GET", "/v1/streams?limit=0");
    assert.equal(bad.status, 400);
  });

  it("GET /v1/pools answers a page with nextCursor", async () => {
    const res = await call(h, "GET", "/v1/pools?limit=10");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.pools, []);
    assert.equal(res.body.nextCursor, null);
  });
});

describe("TRUST_PROXY=false behind a reverse proxy", () => {
  it("warns once that forwarding headers are ignored", async () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const h = await startHarness({}, pino({ level: "warn" }, sink));
    try {
      await call(h, "GET", "/v1/streams");
      assert.equal(lines.filter((l) => /forward/i.test(l.msg)).length, 0);
      const forwarded: Record<string, string>[] = [
        { "x-forwarded-for": "203.0.113.9" },
        { forwarded: "for=203.0.113.9" },
        { "x-forwarded-for": "203.0.113.10" },
      ];
      for (const headers of forwarded) {
        await call(h, "GET", "/v1/streams", { headers });
      }
      const warnings = lines.filter((l) => /forward/i.test(l.msg));
      assert.equal(warnings.length, 1, JSON.stringify(lines));
      assert.equal(warnings[0]!.level, 40);
    } finally {
      await h.close();
    }
  });
});
