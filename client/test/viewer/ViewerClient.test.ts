/** The viewer client against in-memory relays (an injected fetch): verification and failover. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { LiveManifest, SignedManifestEntry } from "@streamrp2p/protocol/api";
import { deliveryStatementTypes } from "@streamrp2p/protocol/eip712";
import { verifyReceipt, type SignedReceipt } from "@streamrp2p/protocol/receipt";
import { toDeliveryStatement } from "@streamrp2p/protocol/viewer/manifest-entry";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import {
  TEST_DOMAIN as domain,
  signSegment,
  testOrigin as origin,
} from "../../../scripts/lib/test-fixtures.ts";
import { createViewer } from "../../src/viewer/createViewer.ts";
import type { FailoverEvent, SegmentEvent } from "../../src/viewer/ViewerEvents.ts";

const streamId = `0x${"42".repeat(32)}` as const;
const COORDINATOR = "http://coordinator.test";

interface Segment {
  entry: SignedManifestEntry;
  bytes: Uint8Array;
}

/** The relay keys of http://relay1.test, http://relay2.test, ... (index 0 = relay1). */
const relayKeys: PrivateKeyAccount[] = Array.from({ length: 3 }, () =>
  privateKeyToAccount(generatePrivateKey()),
);
const stranger = privateKeyToAccount(generatePrivateKey());

function relayKeyOf(origin: string): PrivateKeyAccount {
  return relayKeys[Number(/relay(\d+)/.exec(origin)![1]) - 1]!;
}

function signStatement(account: PrivateKeyAccount, entry: SignedManifestEntry) {
  return account.signTypedData({
    domain,
    types: deliveryStatementTypes,
    primaryType: "DeliveryStatement",
    message: toDeliveryStatement(entry),
  });
}

async function makeSegments(count: number): Promise<Segment[]> {
  const out: Segment[] = [];
  for (let sequence = 0; sequence < count; sequence++) {
    const bytes = new TextEncoder().encode(`segment ${sequence} `.repeat(20));
    const entry = await signSegment(origin, { streamId, sequence, durationMs: 1000 }, bytes);
    out.push({ entry, bytes });
  }
  return out;
}

/**
 * ok: serves verified segments with its own delivery statement. foreign: its playlist points
 * at another server's segments. unsigned / misattributed: serves the right bytes with no
 * delivery statement / with another key's.
 */
type RelayBehaviour = "ok" | "tamper" | "dead" | "foreign" | "unsigned" | "misattributed";

const FOREIGN = "http://other-relay.test";
/** The origin as the coordinator's unpaid fallback source: it signs no delivery statements. */
const ORIGIN = "http://origin.test";

/** A fetch that answers for the coordinator and for relays at http://relayN.test. */
function fakeNetwork(
  segments: Segment[],
  behaviours: Record<string, RelayBehaviour>,
  posts: { url: string; body: unknown }[] = [],
  fetched: string[] = [],
): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (init?.method === "POST") posts.push({ url: url.href, body: JSON.parse(String(init.body)) });
    if (url.origin === COORDINATOR) {
      if (url.pathname === "/v1/sessions") {
        const relays = Object.keys(behaviours).filter((u) => u !== ORIGIN);
        return json({
          sessionId: "s",
          streamId,
          expiresAt: Date.now() + 60_000,
          relays: relays.map((u) => ({ address: relayKeyOf(u).address, url: u, tier: 2 })),
          ...(relays.length === 0 ? { fallback: { url: ORIGIN, unpaid: true } } : {}),
        });
      }
      return json({
        streamId,
        name: "t",
        originAddress: origin.address,
        createdAt: 1,
        live: true,
        lastSequence: segments.length - 1,
        relays: [],
        viewers: 0,
      });
    }
    fetched.push(url.href);
    const behaviour = url.origin === FOREIGN ? "ok" : behaviours[url.origin];
    if (!behaviour || behaviour === "dead") throw new TypeError("fetch failed: ECONNREFUSED");
    if (url.pathname === "/receipts") return new Response('{"kept":true}', { status: 202 });
    const base = `/streams/${streamId}/`;
    if (url.pathname === `${base}index.m3u8`) {
      const lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:1", "#EXT-X-MEDIA-SEQUENCE:0"];
      const prefix = behaviour === "foreign" ? `${FOREIGN}${base}` : "";
      for (const s of segments) lines.push("#EXTINF:1.000,", `${prefix}${s.entry.sequence}.ts`);
      return new Response(lines.join("\n"));
    }
    if (url.pathname === `${base}manifest.json`) {
      const manifest: LiveManifest = {
        streamId,
        originAddress: origin.address,
        segments: segments.map((s) => ({ entry: s.entry, startedAt: 1, discontinuity: false })),
      };
      return json(manifest);
    }
    const sequence = Number(/(\d+)\.ts$/.exec(url.pathname)?.[1]);
    const segment = segments[sequence];
    if (!segment) return new Response("no", { status: 404 });
    const bytes = Uint8Array.from(segment.bytes);
    if (behaviour === "tamper") bytes[5] = bytes[5]! ^ 0xff;
    if (behaviour === "unsigned") return new Response(bytes);
    const signer = behaviour === "misattributed" ? stranger : relayKeyOf(url.origin);
    const statement = await signStatement(
      url.origin === FOREIGN ? relayKeys[2]! : signer,
      segment.entry,
    );
    return new Response(bytes, { headers: { "x-delivery-statement": statement } });
  }) as typeof fetch;
}

async function watch(
  behaviours: Record<string, RelayBehaviour>,
  segmentsWanted: number,
  posts: { url: string; body: unknown }[] = [],
  fetched: string[] = [],
) {
  const segments = await makeSegments(5);
  const viewer = createViewer({
    coordinatorUrl: COORDINATOR,
    streamId,
    domain,
    fetch: fakeNetwork(segments, behaviours, posts, fetched),
    pollIntervalMs: 20,
    startBehind: 4,
  });
  const received: SegmentEvent[] = [];
  const failovers: FailoverEvent[] = [];
  viewer.on("segment", (s) => received.push(s));
  viewer.on("failover", (f) => failovers.push(f));
  await viewer.start();
  const deadline = Date.now() + 5000;
  while (received.length < segmentsWanted && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
  }
  await viewer.stop();
  return { received, failovers, segments, viewer };
}

test("plays every segment once, verified, in order", async () => {
  const { received, failovers, segments } = await watch({ "http://relay1.test": "ok" }, 5);
  assert.deepEqual(
    received.map((s) => s.sequence),
    [0, 1, 2, 3, 4],
  );
  assert.deepEqual(received[2]?.bytes, segments[2]?.bytes);
  assert.equal(
    received[0]?.deliveryStatement,
    await signStatement(relayKeys[0]!, segments[0]!.entry),
  );
  assert.equal(failovers.length, 0);
});

test("a relay serving altered bytes is dropped; the next relay serves the right ones", async () => {
  const { received, failovers, viewer } = await watch(
    { "http://relay1.test": "tamper", "http://relay2.test": "ok" },
    5,
  );
  assert.equal(received.length, 5);
  assert.ok(received.every((s) => s.relay.url === "http://relay2.test"));
  assert.equal(failovers[0]?.tampered, true);
  assert.equal(failovers[0]?.from.url, "http://relay1.test");
  assert.equal(viewer.stats.rejected, 1);
});

test("a dead relay is failed over without losing segments", async () => {
  const { received, failovers } = await watch(
    { "http://relay1.test": "dead", "http://relay2.test": "ok" },
    5,
  );
  assert.deepEqual(
    received.map((s) => s.sequence),
    [0, 1, 2, 3, 4],
  );
  assert.equal(failovers[0]?.tampered, false);
});

test("signs cumulative receipts with the registered session key, only to relays that delivered", async () => {
  const posts: { url: string; body: unknown }[] = [];
  const { received, segments, viewer } = await watch(
    { "http://relay1.test": "tamper", "http://relay2.test": "ok" },
    5,
    posts,
  );
  const session = posts.find((p) => p.url === `${COORDINATOR}/v1/sessions`)!.body as {
    viewerPublicKey: string;
  };
  const receipts = posts.filter((p) => p.url.endsWith("/receipts"));
  assert.ok(receipts.length >= 1, "stop() posts the last receipt");
  assert.ok(receipts.every((p) => p.url === "http://relay2.test/receipts"));
  const last = receipts.at(-1)!.body as SignedReceipt;
  const { signature, ...fields } = last;
  assert.equal(await verifyReceipt(session.viewerPublicKey, fields, signature), true);
  assert.equal(last.relay, relayKeys[1]!.address.toLowerCase());
  assert.equal(last.sessionId, "s");
  assert.equal(last.segments, received.length);
  assert.equal(
    last.bytes,
    segments.reduce((n, s) => n + s.bytes.length, 0),
  );
  assert.equal(last.lastSequence, 4);
  assert.equal(viewer.stats.receiptsAccepted, receipts.length);
});

test("a playlist pointing at another server's segments: nothing fetched there, nothing paid", async () => {
  const posts: { url: string; body: unknown }[] = [];
  const fetched: string[] = [];
  const { received, failovers } = await watch(
    { "http://relay1.test": "foreign", "http://relay2.test": "ok" },
    5,
    posts,
    fetched,
  );
  assert.ok(!fetched.some((u) => u.startsWith(FOREIGN)), "no request left for the other server");
  assert.equal(failovers[0]?.from.url, "http://relay1.test");
  assert.equal(failovers[0]?.tampered, true);
  assert.ok(received.every((s) => s.relay.url === "http://relay2.test"));
  const paid = posts.filter((p) => p.url.endsWith("/receipts"));
  assert.ok(paid.length >= 1);
  assert.ok(paid.every((p) => p.url === "http://relay2.test/receipts"));
});

for (const behaviour of ["unsigned", "misattributed"] as const) {
  test(`a relay whose delivery statement is ${behaviour === "unsigned" ? "missing" : "another key's"} is not paid for the segment`, async () => {
    const posts: { url: string; body: unknown }[] = [];
    const { received, failovers } = await watch(
      { "http://relay1.test": behaviour, "http://relay2.test": "ok" },
      5,
      posts,
    );
    assert.equal(failovers[0]?.from.url, "http://relay1.test");
    assert.equal(failovers[0]?.tampered, true);
    assert.ok(received.every((s) => s.relay.url === "http://relay2.test"));
    const paid = posts.filter((p) => p.url.endsWith("/receipts"));
    assert.ok(paid.every((p) => p.url === "http://relay2.test/receipts"));
    assert.equal((paid.at(-1)!.body as SignedReceipt).relay, relayKeys[1]!.address.toLowerCase());
  });
}

test("with no relay for the viewer it plays the origin fallback, verified and unpaid", async () => {
  const posts: { url: string; body: unknown }[] = [];
  const { received, failovers } = await watch({ [ORIGIN]: "unsigned" }, 5, posts);
  assert.deepEqual(
    received.map((s) => s.sequence),
    [0, 1, 2, 3, 4],
  );
  assert.ok(received.every((s) => s.relay.url === ORIGIN && s.deliveryStatement === undefined));
  assert.equal(failovers.length, 0);
  assert.deepEqual(
    posts.filter((p) => p.url.endsWith("/receipts")),
    [],
    "no receipt for an unpaid session",
  );
});

test("parsePlaylist reads sequences, durations, discontinuities and dates", () => {
  const playlist = parsePlaylist(
    [
      "#EXTM3U",
      "#EXT-X-TARGETDURATION:1",
      "#EXT-X-MEDIA-SEQUENCE:10",
      "#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z",
      "#EXTINF:0.960,",
      "10.ts",
      "#EXT-X-DISCONTINUITY",
      "#EXTINF:1.000,",
      "11.ts",
      "#EXT-X-ENDLIST",
    ].join("\n"),
  );
  assert.equal(playlist.ended, true);
  assert.deepEqual(
    playlist.segments.map((s) => [s.sequence, s.durationMs, s.discontinuity]),
    [
      [10, 960, false],
      [11, 1000, true],
    ],
  );
  assert.equal(playlist.segments[0]?.programDateTime, Date.UTC(2026, 0, 1));
  assert.throws(() => parsePlaylist("nope"));
});
