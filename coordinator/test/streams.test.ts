import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { pino } from "pino";
import {
  streamDetail,
  createStreamResponse,
  manifestResponse,
  listStreamsResponse,
  streamIdOf,
} from "@streamrp2p/protocol";
import {
  call,
  createStream,
  createStreamBody,
  hash32,
  newAccount,
  signEntry,
  snapshot,
  startHarness,
  type Harness,
} from "./support/harness.ts";

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

describe("POST /v1/streams", () => {
  it("creates a stream under streamIdOf(owner, salt) with a fresh key, storing only the key's hash", async () => {
    const origin = newAccount();
    const owner = newAccount();
    const signed = await createStreamBody(owner, origin, {
      name: "My show",
      deadline: Math.floor(h.clock.now / 1000) + 60,
      maxBitrate: 10 ** 12,
    });
    const res = await call(h, "POST", "/v1/streams", { body: signed });
    assert.equal(res.status, 201);
    const body = createStreamResponse.parse(res.body);
    assert.equal(body.streamId, streamIdOf(owner.address, signed.salt));
    assert.equal(body.ownerAddress, owner.address.toLowerCase());
    assert.equal(body.maxBitrate, h.config.maxStreamBitrate, "capped by MAX_STREAM_BITRATE");
    assert.equal(body.name, "My show");
    assert.equal(body.originAddress, origin.address.toLowerCase());
    assert.equal(body.live, false);
    assert.equal(body.lastSequence, null);
    assert.ok(body.streamKey.length >= 40);
    const dump = JSON.stringify(await snapshot(h));
    assert.ok(!dump.includes(body.streamKey), "the stream key itself is not stored");

    const again = await call(h, "POST", "/v1/streams", { body: signed });
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, "STREAM_EXISTS");
  });

  it("refuses a forged, altered or expired owner signature and stores nothing", async () => {
    const before = await snapshot(h);
    const owner = newAccount();
    const origin = newAccount();
    const now = Math.floor(h.clock.now / 1000);
    const forged = {
      ...(await createStreamBody(newAccount(), origin, { deadline: now + 60 })),
      owner: owner.address,
    };
    const altered = {
      ...(await createStreamBody(owner, origin, { deadline: now + 60 })),
      originAddress: newAccount().address,
    };
    const expired = await createStreamBody(owner, origin, { deadline: now - 1 });
    for (const [body, status, code] of [
      [forged, 403, "OWNER_SIGNATURE_INVALID"],
      [altered, 403, "OWNER_SIGNATURE_INVALID"],
      [expired, 400, "SIGNATURE_EXPIRED"],
    ] as const) {
      const res = await call(h, "POST", "/v1/streams", { body });
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.equal(res.body.error.code, code);
    }
    assert.deepEqual(await snapshot(h), before);
  });

  it("rejects garbage with 400 and stores nothing", async () => {
    const before = await snapshot(h);
    const cases: { raw?: string; body?: unknown; code: string; status: number }[] = [
      { raw: "{not json", code: "INVALID_JSON", status: 400 },
      { raw: '"a string"', code: "INVALID_JSON", status: 400 },
      {
        body: { name: 42, originAddress: newAccount().address },
        code: "VALIDATION_FAILED",
        status: 400,
      },
      { body: { name: "x", originAddress: "0x1234" }, code: "VALIDATION_FAILED", status: 400 },
      {
        body: { name: "x", originAddress: newAccount().address, extra: true },
        code: "VALIDATION_FAILED",
        status: 400,
      },
      {
        body: { name: "", originAddress: newAccount().address },
        code: "VALIDATION_FAILED",
        status: 400,
      },
      { body: [], code: "VALIDATION_FAILED", status: 400 },
    ];
    for (const c of cases) {
      const res = await call(
        h,
        "POST",
        "/v1/streams",
        c.raw === undefined ? { body: c.body } : { raw: c.raw },
      );
      assert.equal(res.status, c.status, JSON.stringify(c));
      assert.equal(res.body.error.code, c.code, JSON.stringify(c));
      assert.equal(typeof res.body.error.message, "string");
    }
    const unknownKey = await call(h, "POST", "/v1/streams", {
      body: { ...(await createStreamBody(newAccount(), newAccount())), extra: 1 },
    });
    assert.deepEqual(
      unknownKey.body.error.details.issues.map((i: { code: string }) => i.code),
      ["unrecognized_keys"],
    );
    const wrongType = await call(h, "POST", "/v1/streams", {
      raw: "name=x",
      headers: { "content-type": "text/plain" },
    });
    assert.equal(wrongType.status, 415);
    assert.equal(wrongType.body.error.code, "UNSUPPORTED_MEDIA_TYPE");
    assert.deepEqual(await snapshot(h), before);
  });

  it("refuses a body over the limit with 413 and stores nothing", async () => {
    const before = await snapshot(h);
    const res = await call(h, "POST", "/v1/streams", {
      raw: JSON.stringify({
        name: "x".repeat(h.config.bodyLimitBytes + 10),
        originAddress: newAccount().address,
      }),
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, "PAYLOAD_TOO_LARGE");
    assert.deepEqual(await snapshot(h), before);
  });
});

describe("GET /v1/streams and /v1/streams/:streamId", () => {
  it("lists streams newest first and shows one with relays and viewers", async () => {
    const a = await createStream(h, newAccount(), "first");
    h.clock.now += 1;
    const b = await createStream(h, newAccount(), "second");
    const list = listStreamsResponse.parse((await call(h, "GET", "/v1/streams")).body);
    const ids = list.streams.map((s) => s.streamId);
    assert.ok(ids.indexOf(b.streamId) < ids.indexOf(a.streamId));
    assert.ok(!JSON.stringify(list).includes(a.streamKey));
    const one = await call(h, "GET", `/v1/streams/${a.streamId}`);
    assert.equal(one.status, 200);
    const detail = streamDetail.parse(one.body);
    assert.equal(detail.name, "first");
    assert.deepEqual(detail.relays, []);
    assert.equal(detail.viewers, 0);
    assert.equal("streamKey" in one.body, false);
  });

  it("answers 404 STREAM_NOT_FOUND for an unknown stream and 400 for a malformed id", async () => {
    const res = await call(h, "GET", `/v1/streams/${hash32(7)}`);
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "STREAM_NOT_FOUND");
    const bad = await call(h, "GET", "/v1/streams/not-an-id");
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, "VALIDATION_FAILED");
  });
});

describe("POST /v1/ingest/authorize", () => {
  it("maps a stream key to its stream", async () => {
    const origin = newAccount();
    const s = await createStream(h, origin);
    const res = await call(h, "POST", "/v1/ingest/authorize", { body: { streamKey: s.streamKey } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      streamId: s.streamId,
      originAddress: origin.address.toLowerCase(),
    });
  });

  it("refuses a wrong key with 403 INVALID_STREAM_KEY", async () => {
    const s = await createStream(h, newAccount());
    const before = await snapshot(h);
    const res = await call(h, "POST", "/v1/ingest/authorize", {
      body: { streamKey: `${s.streamKey}x` },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, "INVALID_STREAM_KEY");
    const empty = await call(h, "POST", "/v1/ingest/authorize", { body: { streamKey: "" } });
    assert.equal(empty.status, 400);
    assert.deepEqual(await snapshot(h), before);
  });
});

describe("logs", () => {
  it("log refused stream keys with the client address, and never a stream key", async () => {
    const lines: string[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
    const logged = await startHarness({}, logger);
    try {
      const s = await createStream(logged, newAccount());
      await call(logged, "POST", "/v1/ingest/authorize", { body: { streamKey: s.streamKey } });
      await call(logged, "POST", "/v1/ingest/authorize", {
        body: { streamKey: `${s.streamKey}x` },
      });
      const all = lines.join("");
      assert.ok(!all.includes(s.streamKey), "no stream key in the logs");
      const refused = lines
        .map((l) => JSON.parse(l))
        .find((l) => l.msg === "ingest refused: unknown stream key");
      assert.ok(refused);
      assert.equal(refused.level, 40);
      assert.ok(refused.reqId && refused.ip);
      assert.ok(lines.some((l) => JSON.parse(l).route === "/v1/ingest/authorize"));
    } finally {
      await logged.close();
    }
  });
});

describe("POST /v1/streams/:streamId/manifest", () => {
  const entry = (streamId: `0x${string}`, sequence: number, hashSeed = sequence) => ({
    streamId,
    sequence,
    size: 1000 + sequence,
    durationMs: 1000,
    hash: hash32(hashSeed + 1),
  });

  it("stores origin-signed entries, marks the stream live, and serves them from ?from=", async () => {
    const origin = newAccount();
    const s = await createStream(h, origin);
    const entries = await Promise.all(
      [0, 1, 2].map((i) => signEntry(origin, entry(s.streamId, i))),
    );
    const res = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, { body: { entries } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const again = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: entries.slice(2) },
    });
    assert.equal(again.status, 202, "an identical re-post is accepted");
    const info = (await call(h, "GET", `/v1/streams/${s.streamId}`)).body;
    assert.equal(info.live, true);
    assert.equal(info.lastSequence, 2);
    const read = manifestResponse.parse(
      (await call(h, "GET", `/v1/streams/${s.streamId}/manifest?from=1`)).body,
    );
    assert.deepEqual(
      read.entries.map((e) => e.sequence),
      [1, 2],
    );
    assert.equal(read.entries[0]!.signature, entries[1]!.signature.toLowerCase());
    assert.equal(read.entries[0]!.at, h.clock.now);
    const limited = (await call(h, "GET", `/v1/streams/${s.streamId}/manifest?from=0&limit=1`))
      .body;
    assert.equal(limited.entries.length, 1);
    const badQuery = await call(h, "GET", `/v1/streams/${s.streamId}/manifest?from=-1`);
    assert.equal(badQuery.status, 400);
  });

  it("refuses a batch with one bad signature and stores nothing from it", async () => {
    const origin = newAccount();
    const s = await createStream(h, origin);
    const good = await signEntry(origin, entry(s.streamId, 0));
    const forged = await signEntry(newAccount(), entry(s.streamId, 1));
    const tampered = { ...(await signEntry(origin, entry(s.streamId, 2))), size: 1 };
    const otherDomain = await signEntry(origin, entry(s.streamId, 3), 1);
    const before = await snapshot(h);
    for (const bad of [forged, tampered, otherDomain]) {
      const res = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
        body: { entries: [good, bad] },
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.code, "BAD_SIGNATURE");
      assert.equal(res.body.error.details.problems[0].sequence, bad.sequence);
    }
    const zeroSig = { ...good, signature: `0x${"00".repeat(65)}` };
    const res = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: [zeroSig] },
    });
    assert.equal(res.body.error.code, "BAD_SIGNATURE");
    assert.deepEqual(await snapshot(h), before);
    assert.equal((await call(h, "GET", `/v1/streams/${s.streamId}`)).body.live, false);
  });

  it("refuses entries for another stream, duplicate and conflicting sequences, unknown streams", async () => {
    const origin = newAccount();
    const s = await createStream(h, origin);
    const other = await createStream(h, origin);
    await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: [await signEntry(origin, entry(s.streamId, 5))] },
    });
    const before = await snapshot(h);

    const mismatch = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: [await signEntry(origin, entry(other.streamId, 6))] },
    });
    assert.equal(mismatch.status, 400);
    assert.equal(mismatch.body.error.code, "STREAM_MISMATCH");

    const e6 = await signEntry(origin, entry(s.streamId, 6));
    const dup = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: [e6, e6] },
    });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.error.code, "VALIDATION_FAILED");

    const conflicting = await signEntry(origin, entry(s.streamId, 5, 99));
    const conflict = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: [e6, conflicting] },
    });
    assert.equal(conflict.status, 409);
    assert.equal(conflict.body.error.code, "MANIFEST_CONFLICT");
    assert.equal(conflict.body.error.details.sequence, 5);

    const unknown = await call(h, "POST", `/v1/streams/${hash32(123)}/manifest`, {
      body: { entries: [await signEntry(origin, entry(hash32(123), 0))] },
    });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, "STREAM_NOT_FOUND");

    const empty = await call(h, "POST", `/v1/streams/${s.streamId}/manifest`, {
      body: { entries: [] },
    });
    assert.equal(empty.status, 400);
    assert.deepEqual(await snapshot(h), before);
    assert.equal((await call(h, "GET", `/v1/streams/${hash32(123)}/manifest`)).status, 404);
  });

  it("keeps only the newest MANIFEST_MAX_ENTRIES entries", async () => {
    const small = await startHarness({ manifestMaxEntries: 100 });
    try {
      const origin = newAccount();
      const s = await createStream(small, origin);
      for (let batch = 0; batch < 2; batch++) {
        const entries = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            signEntry(origin, entry(s.streamId, batch * 60 + i)),
          ),
        );
        assert.equal(
          (await call(small, "POST", `/v1/streams/${s.streamId}/manifest`, { body: { entries } }))
            .status,
          202,
        );
      }
      const read = (await call(small, "GET", `/v1/streams/${s.streamId}/manifest?limit=1000`)).body;
      assert.equal(read.entries.length, 100);
      assert.equal(read.entries[0].sequence, 20);
      assert.equal(
        await small.redis.hlen(`${small.config.redisPrefix}stream:{${s.streamId}}:manifest`),
        100,
      );
    } finally {
      await small.close();
    }
  });
});
