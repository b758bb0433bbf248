import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { pino } from "pino";
import {
  createSessionKey,
  signReceipt,
  type Receipt,
  type SignedReceipt,
} from "@streamrp2p/protocol/receipt";
import { createReceiptHandler } from "../src/relay/receipt-handler.ts";
import { ReceiptStore, type SessionRecord } from "../src/relay/receipt-store.ts";
import { ReceiptUploader } from "../src/relay/receipt-uploader.ts";

const relay = `0x${"ab".repeat(20)}` as const;
const streamId = `0x${"42".repeat(32)}` as const;

async function fixture() {
  const key = await createSessionKey();
  const sessions = new Map<string, SessionRecord>([
    ["s1", { streamId, viewerPublicKey: key.publicKey }],
  ]);
  let lookups = 0;
  const store = new ReceiptStore({
    relay,
    lookupSession: async (id) => {
      lookups++;
      return sessions.get(id);
    },
  });
  const sign = async (fields: Partial<Receipt> = {}): Promise<SignedReceipt> => {
    const r: Receipt = {
      sessionId: "s1",
      relay,
      streamId,
      bytes: 1000,
      segments: 1,
      lastSequence: 5,
      timestamp: 1,
      ...fields,
    };
    return { ...r, signature: await signReceipt(key.keyPair.privateKey, r) };
  };
  return { store, sign, sessions, lookups: () => lookups };
}

test("keeps the latest receipt per session; older and equal ones are not kept", async () => {
  const { store, sign, lookups } = await fixture();
  assert.deepEqual(await store.submit(await sign({ bytes: 1000 })), { ok: true, kept: true });
  assert.deepEqual(await store.submit(await sign({ bytes: 3000, segments: 3, timestamp: 3 })), {
    ok: true,
    kept: true,
  });
  assert.deepEqual(await store.submit(await sign({ bytes: 2000, segments: 2, timestamp: 4 })), {
    ok: true,
    kept: false,
  });
  assert.deepEqual(await store.submit(await sign({ bytes: 3000, segments: 3, timestamp: 3 })), {
    ok: true,
    kept: false,
  });
  assert.equal(store.get("s1")?.bytes, 3000);
  assert.equal(store.size, 1);
  assert.equal(lookups(), 1, "the session key is looked up once and cached");
});

test("refuses bad signatures, other relays, other streams, unknown sessions and garbage", async () => {
  const { store, sign } = await fixture();
  const good = await sign();
  const forged = { ...good, bytes: good.bytes + 1 };
  assert.equal(((await store.submit(forged)) as { code: string }).code, "BAD_SIGNATURE");
  const other = await sign({ relay: `0x${"cd".repeat(20)}` });
  assert.equal(((await store.submit(other)) as { code: string }).code, "WRONG_RELAY");
  const otherStream = await sign({ streamId: `0x${"43".repeat(32)}` });
  assert.equal(((await store.submit(otherStream)) as { code: string }).code, "WRONG_STREAM");
  const unknown = await sign({ sessionId: "nope" });
  assert.equal(((await store.submit(unknown)) as { code: string }).code, "UNKNOWN_SESSION");
  for (const garbage of [null, 42, "x", {}, { ...good, extra: 1 }, { ...good, bytes: -1 }]) {
    assert.equal(((await store.submit(garbage)) as { code: string }).code, "INVALID_RECEIPT");
  }
  assert.equal(store.size, 0);
  assert.equal(store.refused.INVALID_RECEIPT, 6);
});

test("a lookup failure is not cached and answers SESSION_LOOKUP_FAILED", async () => {
  const key = await createSessionKey();
  let fail = true;
  const store = new ReceiptStore({
    relay,
    lookupSession: async () => {
      if (fail) throw new Error("coordinator down");
      return { streamId, viewerPublicKey: key.publicKey };
    },
  });
  const r: Receipt = {
    sessionId: "s1",
    relay,
    streamId,
    bytes: 1,
    segments: 1,
    lastSequence: 1,
    timestamp: 1,
  };
  const signed = { ...r, signature: await signReceipt(key.keyPair.privateKey, r) };
  assert.equal(((await store.submit(signed)) as { code: string }).code, "SESSION_LOOKUP_FAILED");
  fail = false;
  assert.deepEqual(await store.submit(signed), { ok: true, kept: true });
});

test("the uploader never drops a receipt until the coordinator acknowledged it", async () => {
  const { store, sign } = await fixture();
  let now = 0;
  let down = true;
  const batches: SignedReceipt[][] = [];
  const uploader = new ReceiptUploader({
    store,
    log: pino({ level: "silent" }),
    now: () => now,
    baseDelayMs: 1000,
    post: async (batch) => {
      if (down) throw new Error("503");
      batches.push(batch);
    },
  });
  await store.submit(await sign({ bytes: 1000 }));
  await uploader.flush();
  assert.equal(store.pending, 1);
  await store.submit(await sign({ bytes: 2000, segments: 2, timestamp: 2 }));
  now = 500;
  await uploader.flush();
  assert.equal(uploader.failures, 1, "still backing off");
  now = 1000;
  await uploader.flush();
  assert.equal(uploader.failures, 2);
  down = false;
  now = 2999;
  await uploader.flush();
  assert.equal(batches.length, 0, "backoff doubled to 2 s");
  now = 3000;
  await uploader.flush();
  assert.deepEqual(
    batches.map((b) => b.map((r) => r.bytes)),
    [[2000]],
  );
  assert.equal(store.pending, 0);
  await uploader.flush();
  assert.equal(batches.length, 1, "nothing is sent twice");
  await store.submit(await sign({ bytes: 3000, segments: 3, timestamp: 3 }));
  await uploader.flush();
  assert.equal(batches.at(-1)![0]!.bytes, 3000);
});

test("POST /receipts: 202, 400 with a code, 413 for oversized bodies, CORS preflight", async () => {
  const { store, sign } = await fixture();
  const server = createServer(createReceiptHandler(store, { maxBodyBytes: 1024 }));
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/receipts`;
  try {
    const post = (body: string) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    const ok = await post(JSON.stringify(await sign()));
    assert.equal(ok.status, 202);
    assert.deepEqual(await ok.json(), { kept: true });
    const bad = await post("{not json");
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { code: string } }).error.code, "INVALID_JSON");
    const wrong = await post(JSON.stringify(await sign({ relay: `0x${"cd".repeat(20)}` })));
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { error: { code: string } }).error.code, "WRONG_RELAY");
    const big = await post(JSON.stringify({ pad: "x".repeat(5000) }));
    assert.equal(big.status, 413);
    const get = await fetch(url);
    assert.equal(get.status, 405);
    const preflight = await fetch(url, { method: "OPTIONS" });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /POST/);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
