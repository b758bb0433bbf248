/**
 * Receipt verification rates on this machine, same receipts for every contestant:
 *   raw node:crypto   crypto.verify over pre-encoded bytes with a cached KeyObject, on the
 *                     calling thread; and with a callback (libuv's thread pool), 256 at a time
 *   raw subtle        crypto.subtle.verify with a cached CryptoKey, awaited one by one; and
 *                     256 at a time with Promise.all
 *   end-to-end        evaluateReceiptBatch (sequential, node:crypto) and
 *                     evaluateReceiptBatchParallel (verifyMany) on JSON receipts: zod parse,
 *                     session lookup, idempotency, encoding, verify, every fraud check
 * The machine is shared, so contestants run interleaved, batch by batch, in rotating order,
 * and each rate is total receipts over total time. Target (DESIGN.md): end-to-end >= 80% of
 * the raw rate of the same crypto.
 *   node scripts/bench/receipt-verify.ts [--json]
 */
import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { performance } from "node:perf_hooks";
import {
  base64urlDecode,
  createSessionKey,
  encodeReceipt,
  importSessionPublicKey,
  signReceipt,
  type SignedReceipt,
} from "../../protocol/src/receipt.ts";
import {
  evaluateReceiptBatch,
  evaluateReceiptBatchParallel,
  type BatchEvaluation,
  type ReceiptEnvironment,
} from "../../coordinator/src/core/evaluate-receipt.ts";
import { parseFraudPolicy } from "../../coordinator/src/core/fraud-policy.ts";
import type { SessionRecord } from "../../coordinator/src/core/records.ts";
import {
  createReceiptVerifier,
  p1363ToDer,
  type ReceiptVerifier,
} from "../../coordinator/src/core/receipt-verifier.ts";
import { buildFetchIndex, buildSegmentIndex } from "../../coordinator/src/core/segment-index.ts";
import { report } from "./report.ts";

const SESSIONS = 500;
const PER_SESSION = 8;
const BATCH = 1_000;
const ROUNDS = 3;
const PARALLEL = 256;
const RELAY = "0x00000000000000000000000000000000000000a1" as const;
const STREAM = `0x${"ab".repeat(32)}` as const;
const T0 = Date.now() - 3_600_000;

const segments = Array.from({ length: 2_000 }, (_, i) => ({
  sequence: i,
  size: 400_000,
  durationMs: 1_000,
  hash: `0x${i.toString(16).padStart(64, "0")}`,
}));
const manifest = buildSegmentIndex(segments);
const fetched = buildFetchIndex(manifest, segments);

const sessions = new Map<string, SessionRecord>();
const receipts: SignedReceipt[] = [];
for (let s = 0; s < SESSIONS; s++) {
  const key = await createSessionKey();
  const sessionId = `session-${s}`;
  sessions.set(sessionId, {
    sessionId,
    streamId: STREAM,
    publicKey: key.publicKey,
    createdAt: T0,
    firstSequence: 0,
    relays: [RELAY],
    viewerIp: `10.0.${s >> 8}.${s & 255}`,
    addressOrdinal: 1,
  });
  for (let k = 1; k <= PER_SESSION; k++) {
    const n = 10 * k;
    const r = {
      sessionId,
      relay: RELAY,
      streamId: STREAM,
      bytes: n * 400_000,
      segments: n,
      lastSequence: n - 1,
      timestamp: T0 + n * 1_000,
    };
    receipts.push({ ...r, signature: await signReceipt(key.keyPair.privateKey, r) });
  }
}
/** What the coordinator receives: JSON, in batches. */
const wire: unknown[][] = [];
for (let i = 0; i < receipts.length; i += BATCH) {
  wire.push(JSON.parse(JSON.stringify(receipts.slice(i, i + BATCH))) as unknown[]);
}

const keyObjects = new Map<string, KeyObject>();
const cryptoKeys = new Map<string, CryptoKey>();
for (const s of sessions.values()) {
  const der = Buffer.from(s.publicKey, "base64url");
  keyObjects.set(s.sessionId, createPublicKey({ key: der, format: "der", type: "spki" }));
  cryptoKeys.set(s.sessionId, await importSessionPublicKey(s.publicKey));
}
const encoded = receipts.map((r) => encodeReceipt(r));
// DER, as the coordinator passes them (p1363ToDer): with a P1363 signature node:crypto does
// most of the work on the calling thread even when given a callback.
const nodeSigs = receipts.map((r) => p1363ToDer(Buffer.from(r.signature, "base64url")));
const subtleSigs = receipts.map((r) => base64urlDecode(r.signature));
const ecdsa = { name: "ECDSA", hash: "SHA-256" };
const nodeKey = (i: number) => keyObjects.get(receipts[i]!.sessionId)!;
const subtleKey = (i: number) => cryptoKeys.get(receipts[i]!.sessionId)!;

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`${what}: verification failed`);
}

async function inChunks(from: number, to: number, verifyOne: (i: number) => Promise<boolean>) {
  for (let i = from; i < to; i += PARALLEL) {
    const chunk = [];
    for (let j = i; j < Math.min(i + PARALLEL, to); j++) chunk.push(verifyOne(j));
    expect((await Promise.all(chunk)).every(Boolean), "parallel");
  }
}

const policy = parseFraudPolicy({});
const relay = { address: RELAY, staked: true, jailed: false, ips: ["192.0.2.1"] };
function environment(verifier: ReceiptVerifier): ReceiptEnvironment {
  return {
    submitter: RELAY,
    now: Date.now(),
    policy,
    verifySignature: verifier.verify,
    session: (id) => sessions.get(id),
    relay: (address) => (address === RELAY ? relay : undefined),
    manifest: () => manifest,
    fetched: () => fetched,
    state: () => undefined,
  };
}
/** Every receipt credited, one baseline per session: the work was really done. */
function expectCredited(out: BatchEvaluation, batch: unknown[]): void {
  const credited = out.decisions.filter((d) => d.status === "credited").length;
  if (credited !== batch.length || out.states.size !== batch.length / PER_SESSION) {
    throw new Error(`end-to-end: ${credited} of ${batch.length} credited`);
  }
}

const verifier = createReceiptVerifier();
const cold = createReceiptVerifier();
let coldMs = performance.now();
for (const batch of wire) expectCredited(evaluateReceiptBatch(batch, environment(cold)), batch);
coldMs = performance.now() - coldMs;

type Contestant = (batch: number) => Promise<void> | void;
const contestants: Record<string, Contestant> = {
  rawNode(b) {
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
      expect(verify("sha256", encoded[i]!, nodeKey(i), nodeSigs[i]!), "node");
    }
  },
  async rawSubtle(b) {
    for (let i = b * BATCH; i < (b + 1) * BATCH; i++) {
      expect(
        await crypto.subtle.verify(ecdsa, subtleKey(i), subtleSigs[i]!, encoded[i]!),
        "subtle",
      );
    }
  },
  rawNodeParallel: (b) =>
    inChunks(
      b * BATCH,
      (b + 1) * BATCH,
      (i) =>
        new Promise((resolve, reject) =>
          verify("sha256", encoded[i]!, nodeKey(i), nodeSigs[i]!, (e, ok) =>
            e ? reject(e) : resolve(ok),
          ),
        ),
    ),
  rawSubtleParallel: (b) =>
    inChunks(b * BATCH, (b + 1) * BATCH, (i) =>
      crypto.subtle.verify(ecdsa, subtleKey(i), subtleSigs[i]!, encoded[i]!),
    ),
  endToEnd(b) {
    expectCredited(evaluateReceiptBatch(wire[b]!, environment(verifier)), wire[b]!);
  },
  async endToEndParallel(b) {
    const out = await evaluateReceiptBatchParallel(
      wire[b]!,
      environment(verifier),
      verifier.verifyMany,
    );
    expectCredited(out, wire[b]!);
  },
};

const names = Object.keys(contestants);
const totalMs = Object.fromEntries(names.map((n) => [n, 0]));
for (const batch of wire.keys()) await contestants.endToEnd!(batch); // warm the key cache and JIT
for (let round = 0; round < ROUNDS; round++) {
  for (const batch of wire.keys()) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + batch + round) % names.length]!;
      const t = performance.now();
      await contestants[name]!(batch);
      totalMs[name]! += performance.now() - t;
    }
  }
}
const perSec = (name: string) => Math.round((ROUNDS * receipts.length * 1_000) / totalMs[name]!);
const pct = (a: number, b: number) => Math.round((a / b) * 1000) / 10;
const rate = Object.fromEntries(names.map((n) => [n, perSec(n)]));

report("receipt-verify", [
  { key: "rawNodeVerifyPerSec", value: rate.rawNode!, unit: "/s", note: "node:crypto, one thread" },
  { key: "rawSubtleVerifyPerSec", value: rate.rawSubtle!, unit: "/s", note: "subtle, one by one" },
  {
    key: "rawNodeParallelVerifyPerSec",
    value: rate.rawNodeParallel!,
    unit: "/s",
    note: `node:crypto, thread pool, ${PARALLEL} at a time`,
  },
  {
    key: "rawSubtleParallelVerifyPerSec",
    value: rate.rawSubtleParallel!,
    unit: "/s",
    note: `subtle, ${PARALLEL} at a time`,
  },
  {
    key: "endToEndColdPerSec",
    value: Math.round((receipts.length * 1_000) / coldMs),
    unit: "/s",
    note: `evaluateReceiptBatch, ${SESSIONS} keys imported on first use`,
  },
  { key: "endToEndPerSec", value: rate.endToEnd!, unit: "/s", note: "evaluateReceiptBatch" },
  {
    key: "endToEndParallelPerSec",
    value: rate.endToEndParallel!,
    unit: "/s",
    note: "evaluateReceiptBatchParallel",
  },
  {
    key: "endToEndVsRawPct",
    value: pct(rate.endToEnd!, rate.rawNode!),
    unit: "%",
    target: { value: 80, better: "higher" },
    note: "sequential: vs raw node:crypto, one thread",
  },
  {
    key: "endToEndParallelVsRawPct",
    value: pct(rate.endToEndParallel!, rate.rawNodeParallel!),
    unit: "%",
    target: { value: 80, better: "higher" },
    note: "parallel: vs raw node:crypto, thread pool",
  },
]);
