/**
 * LL-HLS (RFC 8216bis): part signing and verification, the playlist a node renders (parsed
 * back and checked against the spec's rules), blocking playlist reloads on parts, the
 * preload-hinted part, delta updates, and a relay refusing a tampered part or a forged part entry.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { pino } from "pino";
import type { SignedPartEntry } from "@streamrp2p/protocol/api";
import { parsePlaylist, type MediaPlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import { PartVerificationError, verifyPart } from "@streamrp2p/protocol/viewer/verify-part";
import {
  TEST_DOMAIN as domain,
  signPart,
  signedStream,
  testOrigin as origin,
  testOther as relayKey,
} from "../../scripts/lib/test-fixtures.ts";
import { renderPlaylist } from "../src/hls/render-playlist.ts";
import { SegmentStore, partHeaders, segmentHeaders } from "../src/hls/segment-store.ts";
import { PartGrouper } from "../src/origin/part-grouper.ts";
import { tsStartsWithKeyframe } from "../src/origin/ts-keyframe.ts";
import { StreamPuller } from "../src/relay/stream-puller.ts";
import { serveHls, type HlsServer } from "./helpers/hls-server.ts";

const streamId = `0x${"ab".repeat(32)}` as const;
const expected = { originAddress: origin.address, streamId, domain };
const t0 = Date.UTC(2026, 0, 1);
const PARTS = 4;

const partBytes = (sequence: number, part: number) =>
  Buffer.alloc(50 + part, `${sequence}.${part}|`);
const stream = signedStream({ signer: origin, streamId, parts: PARTS, partMs: 250, partBytes });

async function addPart(store: SegmentStore, sequence: number, part: number, bytes?: Buffer) {
  const live = await stream.part(sequence, part);
  return store.addPart({
    live,
    bytes: bytes ?? partBytes(sequence, part),
    headers: partHeaders(live),
  });
}

async function addSegment(store: SegmentStore, sequence: number) {
  for (let p = 0; p < PARTS; p++) await addPart(store, sequence, p);
  await completeSegment(store, sequence);
}

/** Closes segment `sequence` (its parts are in): its signed entry and bytes. */
async function completeSegment(store: SegmentStore, sequence: number) {
  const live = await stream.segment(sequence);
  store.add({ live, bytes: stream.segmentBytes(sequence), headers: segmentHeaders(live) });
}

function newStore(windowSize = 6) {
  const store = new SegmentStore({ maxBytes: 1_000_000, windowSize });
  store.addStream(streamId, origin.address.toLowerCase() as `0x${string}`);
  return store;
}

/** The RFC 8216bis rules a player relies on, checked on a parsed playlist and its text. */
function assertValidLlHls(text: string): MediaPlaylist {
  const playlist = parsePlaylist(text);
  assert.ok(text.endsWith("\n"));
  assert.equal(text.match(/^#EXT-X-SERVER-CONTROL:/gm)?.length, 1, "one SERVER-CONTROL");
  const control = playlist.serverControl!;
  assert.equal(control.canBlockReload, true);
  const partTarget = playlist.partTargetMs!;
  assert.ok(partTarget > 0, "EXT-X-PART-INF");
  assert.ok(control.partHoldBackMs! >= 2 * partTarget, "PART-HOLD-BACK >= 2 x PART-TARGET");
  assert.ok(control.canSkipUntilMs! >= 6 * playlist.targetDuration * 1000);
  for (const part of playlist.parts) {
    assert.ok(part.durationMs <= partTarget, `part ${part.uri} within PART-TARGET`);
    assert.equal(part.uri, `${part.sequence}.${part.part}.ts`);
  }
  for (const segment of playlist.segments) {
    assert.ok(segment.durationMs <= playlist.targetDuration * 1000 + 500);
    const parts = playlist.parts.filter((p) => p.sequence === segment.sequence);
    if (parts.length > 0) {
      const sum = parts.reduce((s, p) => s + p.durationMs, 0);
      assert.equal(sum, segment.durationMs, `parts of ${segment.sequence} add up to it`);
      assert.equal(parts[0]!.independent, true);
    }
  }
  const last = playlist.segments.at(-1)?.sequence ?? -1;
  const tail = playlist.parts.filter((p) => p.sequence > last);
  assert.ok(
    tail.every((p) => p.sequence === last + 1),
    "tail parts belong to the next segment",
  );
  const lines = text.trim().split("\n");
  assert.match(lines.at(-1)!, /^#EXT-X-PRELOAD-HINT:TYPE=PART,URI="\d+\.\d+\.ts"$/);
  assert.equal(playlist.preloadHint, `${last + 1}.${tail.length}.ts`);
  // Parts are listed only near the live edge.
  assert.ok(playlist.parts.every((p) => p.sequence >= last - 1));
  return playlist;
}

test("a part entry verifies; a tampered part or a foreign signature is refused", async () => {
  const live = await stream.part(3, 1);
  await verifyPart(live.entry, partBytes(3, 1), expected);
  const tampered = Buffer.from(partBytes(3, 1));
  tampered[10]! ^= 0xff;
  await assert.rejects(
    verifyPart(live.entry, tampered, expected),
    (e) => e instanceof PartVerificationError && e.reason === "hash" && e.part === 1,
  );
  const forged: SignedPartEntry = { ...live.entry, independent: true };
  await assert.rejects(
    verifyPart(forged, partBytes(3, 1), expected),
    (e) => e instanceof PartVerificationError && e.reason === "signature",
  );
});

test("a player joining mid-segment gets a valid LL-HLS playlist", async () => {
  const store = newStore();
  for (let s = 10; s < 13; s++) await addSegment(store, s);
  await addPart(store, 13, 0);
  await addPart(store, 13, 1);
  const playlist = assertValidLlHls(store.playlist(streamId)!);
  assert.deepEqual(
    playlist.segments.map((s) => s.sequence),
    [10, 11, 12],
  );
  assert.deepEqual(
    playlist.parts.map((p) => p.uri),
    [
      "11.0.ts",
      "11.1.ts",
      "11.2.ts",
      "11.3.ts",
      "12.0.ts",
      "12.1.ts",
      "12.2.ts",
      "12.3.ts",
      "13.0.ts",
      "13.1.ts",
    ],
  );
  assert.equal(playlist.preloadHint, "13.2.ts");
  assert.equal(playlist.parts.find((p) => p.uri === "13.0.ts")?.independent, true);
  assert.equal(playlist.parts.find((p) => p.uri === "13.1.ts")?.independent, false);
});

test("the very first segment in progress is listed with its date", async () => {
  const store = newStore();
  await addPart(store, 0, 0);
  const text = store.playlist(streamId)!;
  const playlist = assertValidLlHls(text);
  assert.equal(playlist.segments.length, 0);
  assert.match(
    text,
    /#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n#EXT-X-PART:DURATION=0.250,URI="0.0.ts",INDEPENDENT=YES\n/,
  );
});

test("parts arrive in order only; a later segment's parts wait for the one before", async () => {
  const store = newStore();
  await addSegment(store, 0);
  assert.equal(await addPart(store, 1, 1), false, "part 1 before part 0");
  assert.equal(await addPart(store, 1, 0), true);
  assert.equal(await addPart(store, 0, 0), false, "a part of a complete segment");
  // Segment 1 is not complete here yet (the origin waits for the coordinator) but 2 started.
  for (let p = 1; p < PARTS; p++) await addPart(store, 1, p);
  assert.equal(await addPart(store, 2, 0), true);
  let playlist = assertValidLlHls(store.playlist(streamId)!);
  assert.deepEqual(store.position(streamId), { sequence: 1, part: 3 });
  assert.ok(!playlist.parts.some((p) => p.sequence === 2));
  await completeSegment(store, 1);
  playlist = assertValidLlHls(store.playlist(streamId)!);
  assert.deepEqual(store.position(streamId), { sequence: 2, part: 0 });
  assert.equal(playlist.preloadHint, "2.1.ts");
});

test("renderPlaylist without parts stays a plain playlist", () => {
  const text = renderPlaylist([
    { sequence: 1, durationMs: 1000, startedAt: t0, discontinuity: false },
  ]);
  assert.doesNotMatch(text, /EXT-X-PART|SERVER-CONTROL|PRELOAD-HINT/);
});

test("a delta update skips what lies beyond CAN-SKIP-UNTIL and keeps the rest", async () => {
  const store = newStore(12);
  for (let s = 0; s < 12; s++) await addSegment(store, s);
  await addPart(store, 12, 0);
  const full = parsePlaylist(store.playlist(streamId)!);
  const deltaText = store.playlist(streamId, true)!;
  const delta = assertValidLlHls(deltaText);
  assert.match(deltaText, /#EXT-X-VERSION:9\n/);
  assert.ok(delta.skippedSegments > 0);
  assert.equal(delta.skippedSegments + delta.segments.length, full.segments.length);
  assert.deepEqual(
    delta.segments.map((s) => s.sequence),
    full.segments.slice(delta.skippedSegments).map((s) => s.sequence),
  );
  // What remains covers at least CAN-SKIP-UNTIL.
  const kept = delta.segments.reduce((sum, s) => sum + s.durationMs, 0);
  assert.ok(kept >= delta.serverControl!.canSkipUntilMs!);
});

test("ts keyframe detection and part grouping", () => {
  const packet = (rai: boolean, streamIdByte: number) => {
    const p = Buffer.alloc(188, 0xff);
    p[0] = 0x47;
    p[1] = 0x41; // payload_unit_start, PID 0x100
    p[2] = 0x00;
    p[3] = 0x30; // adaptation field + payload
    p[4] = 1;
    p[5] = rai ? 0x40 : 0;
    p.set([0, 0, 1, streamIdByte], 6);
    return p;
  };
  const pat = Buffer.alloc(188, 0xff);
  pat[0] = 0x47;
  pat[1] = 0x40;
  pat[3] = 0x10;
  assert.equal(tsStartsWithKeyframe(Buffer.concat([pat, packet(true, 0xe0)])), true);
  assert.equal(tsStartsWithKeyframe(Buffer.concat([pat, packet(false, 0xe0)])), false);
  assert.equal(tsStartsWithKeyframe(packet(false, 0xc0)), true, "audio only");

  const grouper = new PartGrouper({ segmentMs: 1000 });
  const part = (independent: boolean) => ({
    bytes: Buffer.from([independent ? 1 : 0]),
    durationMs: 250,
    startedAt: 0,
    independent,
  });
  const indices: number[] = [];
  const closed: number[] = [];
  for (const independent of [
    true,
    false,
    false,
    false,
    true,
    false,
    true,
    false,
    false,
    false,
    true,
  ]) {
    const r = grouper.push(part(independent));
    indices.push(r.index);
    if (r.closed) closed.push(r.closed.parts);
  }
  // A keyframe part 500 ms into a segment does not cut it; one at 1000 ms does.
  assert.deepEqual(indices, [0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 0]);
  assert.deepEqual(closed, [4, 6]);
  assert.equal(grouper.flush()?.parts, 1);
});

let server: HlsServer;
let base: string;
const store = newStore();

before(async () => {
  for (let s = 0; s < 3; s++) await addSegment(store, s);
  await addPart(store, 3, 0);
  server = await serveHls(store);
  base = `${server.url}/streams/${streamId}`;
});
after(() => server.close());

/** A relay's puller after one poll of `upstream`, and the store it admitted into. */
async function pollOnce(upstream: SegmentStore) {
  const served = await serveHls(upstream);
  try {
    const relayStore = newStore();
    const puller = new StreamPuller({
      streamId,
      originAddress: origin.address,
      upstreams: [served.url],
      store: relayStore,
      account: relayKey,
      domain,
      logger: pino({ level: "silent" }),
      fetch,
      onFetched: () => {},
      checkOrigin: () => Promise.resolve({ ok: true }),
      now: Date.now,
    });
    await puller.poll();
    return { relayStore, puller };
  } finally {
    served.close();
  }
}

test("a blocking reload returns when the part appears, and the hinted part when it exists", async () => {
  const started = Date.now();
  const reload = fetch(`${base}/index.m3u8?_HLS_msn=3&_HLS_part=1`).then((r) => r.text());
  const hinted = fetch(`${base}/3.1.ts`);
  const early = await Promise.race([reload.then(() => "answered"), sleep(300).then(() => "held")]);
  assert.equal(early, "held");
  await addPart(store, 3, 1);
  const text = await reload;
  assert.ok(Date.now() - started < 3000);
  const playlist = assertValidLlHls(text);
  assert.ok(playlist.parts.some((p) => p.uri === "3.1.ts"));
  const part = await hinted;
  assert.equal(part.status, 200);
  assert.deepEqual(Buffer.from(await part.arrayBuffer()), partBytes(3, 1));
  // Already there: at once.
  const now = await fetch(`${base}/index.m3u8?_HLS_msn=3&_HLS_part=0`);
  assert.match(await now.text(), /URI="3\.1\.ts"/);
  // A segment boundary: part 4 of segment 3 is satisfied by part 0 of segment 4.
  for (let p = 2; p < PARTS; p++) await addPart(store, 3, p);
  const boundary = fetch(`${base}/index.m3u8?_HLS_msn=3&_HLS_part=4`).then((r) => r.text());
  const missing = fetch(`${base}/3.4.ts`);
  await sleep(100);
  await completeSegment(store, 3);
  await addPart(store, 4, 0);
  assert.match(
    await boundary,
    /URI="4\.0\.ts",INDEPENDENT=YES\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="4\.1\.ts"\n$/,
  );
  assert.equal((await missing).status, 404, "the hinted part that never came");
  assert.equal((await fetch(`${base}/9.0.ts`)).status, 404, "far ahead: at once");
  assert.equal((await fetch(`${base}/index.m3u8?_HLS_msn=3&_HLS_part=x`)).status, 400);
  // Old players: the plain segment route and the segment in the playlist stay.
  const segment = await fetch(`${base}/3.ts`);
  assert.equal(segment.status, 200);
  assert.deepEqual(Buffer.from(await segment.arrayBuffer()), stream.segmentBytes(3));
});

test("a relay verifies each part: a tampered part is refused, a good one served", async () => {
  // A tampering upstream: serves part 1 of segment 5 with a flipped byte.
  const upstream = newStore();
  for (let s = 0; s < 5; s++) await addSegment(upstream, s);
  await addPart(upstream, 5, 0);
  const bad = Buffer.from(partBytes(5, 1));
  bad[3]! ^= 0xff;
  await addPart(upstream, 5, 1, bad);
  const { relayStore, puller } = await pollOnce(upstream);
  assert.equal(relayStore.lastSequence(streamId), 4);
  assert.deepEqual(
    relayStore.partsOf(streamId, 5).map((p) => p.entry.part),
    [0],
    "part 0 verified and stored, the tampered part 1 not",
  );
  assert.equal(relayStore.part(streamId, 5, 1), undefined);
  assert.equal(puller.stats.rejected, 1);
  assertValidLlHls(relayStore.playlist(streamId)!);
  // Segments assembled from verified parts match the origin's segment entries.
  assert.deepEqual(relayStore.segment(streamId, 4)!.bytes, stream.segmentBytes(4));
});

test("a relay that learned the origin's key refuses a part entry by another key or with v flipped", async () => {
  const good = await stream.part(5, 0);
  const v = good.entry.signature.slice(130);
  const { signature: byOther } = await signPart(relayKey, good.entry, partBytes(5, 0));
  const flipped = `0x${good.entry.signature.slice(2, 130)}${v === "1b" ? "1c" : "1b"}` as const;
  for (const signature of [byOther, flipped]) {
    const upstream = newStore();
    for (let s = 0; s < 5; s++) await addSegment(upstream, s);
    const forged = { ...good, entry: { ...good.entry, signature } };
    upstream.addPart({ live: forged, bytes: partBytes(5, 0), headers: partHeaders(forged) });
    const { relayStore, puller } = await pollOnce(upstream);
    assert.equal(relayStore.lastSequence(streamId), 4, "the origin's segments verified first");
    assert.deepEqual(relayStore.partsOf(streamId, 5), [], `part 5.0 signed ${signature} refused`);
    assert.equal(puller.stats.rejected, 1);
  }
});

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
