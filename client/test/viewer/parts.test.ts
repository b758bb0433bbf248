/**
 * The viewer client on an LL-HLS relay (an injected fetch): it takes the parts of the segment
 * in progress, each verified against its origin-signed part entry, fails over from a relay
 * that alters a part, and assembles the segment from its parts instead of downloading it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import type { LiveManifest, LivePart, LiveSegment } from "@streamrp2p/protocol/api";
import { deliveryStatementTypes } from "@streamrp2p/protocol/eip712";
import { toDeliveryStatement } from "@streamrp2p/protocol/viewer/manifest-entry";
import {
  TEST_DOMAIN as domain,
  signPart,
  signSegment,
  testOrigin as origin,
} from "../../../scripts/lib/test-fixtures.ts";
import { createViewer } from "../../src/viewer/createViewer.ts";
import type { FailoverEvent, PartEvent, SegmentEvent } from "../../src/viewer/ViewerEvents.ts";

const streamId = `0x${"43".repeat(32)}` as const;
const COORDINATOR = "http://coordinator.test";
const PARTS = 3;
const relayKeys = [
  privateKeyToAccount(generatePrivateKey()),
  privateKeyToAccount(generatePrivateKey()),
];
const partBytes = (s: number, p: number) => new TextEncoder().encode(`part ${s}.${p} `.repeat(9));

async function part(sequence: number, index: number): Promise<LivePart> {
  const fields = { streamId, sequence, part: index, durationMs: 333, independent: index === 0 };
  return { entry: await signPart(origin, fields, partBytes(sequence, index)), startedAt: 1 };
}

async function segment(sequence: number): Promise<{ live: LiveSegment; bytes: Uint8Array }> {
  const chunks = Array.from({ length: PARTS }, (_, p) => partBytes(sequence, p));
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  const entry = await signSegment(origin, { streamId, sequence, durationMs: 999 }, bytes);
  return { live: { entry, startedAt: 1, discontinuity: false }, bytes };
}

/** Relays listing `state.segments` complete and `state.parts` (of the next segment). */
function fakeNetwork(
  state: { segments: { live: LiveSegment; bytes: Uint8Array }[]; parts: LivePart[] },
  behaviours: Record<string, "ok" | "tamper-part">,
  requested: string[],
): typeof fetch {
  const relays = Object.keys(behaviours);
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
    if (url.origin === COORDINATOR) {
      if (url.pathname === "/v1/sessions")
        return json({
          sessionId: "s",
          streamId,
          expiresAt: Date.now() + 60_000,
          relays: relays.map((u, i) => ({
            address: relayKeys[i]!.address,
            url: u,
            tier: 2,
          })),
        });
      return json({
        streamId,
        name: "t",
        originAddress: origin.address,
        createdAt: 1,
        live: true,
        lastSequence: 0,
        relays: [],
        viewers: 0,
      });
    }
    const behaviour = behaviours[url.origin]!;
    if (url.pathname === "/receipts") return new Response('{"kept":true}', { status: 202 });
    if (init?.method !== "HEAD") requested.push(`${url.origin}${url.pathname}`);
    const base = `/streams/${streamId}/`;
    if (url.pathname === `${base}index.m3u8`) {
      const lines = [
        "#EXTM3U",
        "#EXT-X-TARGETDURATION:1",
        "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=1.000",
        "#EXT-X-PART-INF:PART-TARGET=0.334",
        "#EXT-X-MEDIA-SEQUENCE:0",
      ];
      const partLine = (p: LivePart) =>
        `#EXT-X-PART:DURATION=0.333,URI="${p.entry.sequence}.${p.entry.part}.ts"`;
      for (const s of state.segments) {
        for (const p of state.parts)
          if (p.entry.sequence === s.live.entry.sequence) lines.push(partLine(p));
        lines.push("#EXTINF:0.999,", `${s.live.entry.sequence}.ts`);
      }
      const last = state.segments.at(-1)?.live.entry.sequence ?? -1;
      for (const p of state.parts) if (p.entry.sequence > last) lines.push(partLine(p));
      return new Response(lines.join("\n"));
    }
    if (url.pathname === `${base}manifest.json`) {
      const manifest: LiveManifest = {
        streamId,
        originAddress: origin.address,
        segments: state.segments.map((s) => s.live),
        parts: state.parts,
      };
      return json(manifest);
    }
    const partMatch = /(\d+)\.(\d+)\.ts$/.exec(url.pathname);
    if (partMatch) {
      const bytes = Uint8Array.from(partBytes(Number(partMatch[1]), Number(partMatch[2])));
      if (behaviour === "tamper-part") bytes[3] = bytes[3]! ^ 0xff;
      return new Response(bytes);
    }
    const sequence = Number(/(\d+)\.ts$/.exec(url.pathname)?.[1]);
    const whole = state.segments.find((s) => s.live.entry.sequence === sequence);
    if (!whole) return new Response("", { status: 404 });
    // The relay's delivery statement for the whole segment (GET and HEAD alike).
    const statement = await relayKeys[relays.indexOf(url.origin)]!.signTypedData({
      domain,
      types: deliveryStatementTypes,
      primaryType: "DeliveryStatement",
      message: toDeliveryStatement(whole.live.entry),
    });
    const headers = { "x-delivery-statement": statement };
    return init?.method === "HEAD"
      ? new Response(null, { headers })
      : new Response(Uint8Array.from(whole.bytes), { headers });
  }) as typeof fetch;
}

async function until(condition: () => boolean) {
  const deadline = Date.now() + 5000;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

test("a tampered part is caught and the relay dropped; verified parts make the segment", async () => {
  const state = { segments: [await segment(0)], parts: [await part(1, 0), await part(1, 1)] };
  const requested: string[] = [];
  const viewer = createViewer({
    coordinatorUrl: COORDINATOR,
    streamId,
    domain,
    fetch: fakeNetwork(
      state,
      { "http://relay1.test": "tamper-part", "http://relay2.test": "ok" },
      requested,
    ),
    pollIntervalMs: 20,
    startBehind: 0,
  });
  const parts: PartEvent[] = [];
  const segments: SegmentEvent[] = [];
  const failovers: FailoverEvent[] = [];
  viewer.on("part", (p) => parts.push(p));
  viewer.on("segment", (s) => segments.push(s));
  viewer.on("failover", (f) => failovers.push(f));
  await viewer.start();
  try {
    await until(() => parts.length >= 2);
    assert.equal(failovers[0]?.tampered, true);
    assert.equal(failovers[0]?.from.url, "http://relay1.test");
    assert.match(failovers[0]!.reason, /part 1\.0 rejected \(hash\)/);
    assert.deepEqual(
      parts.map((p) => [p.relay.url, p.sequence, p.part]),
      [
        ["http://relay2.test", 1, 0],
        ["http://relay2.test", 1, 1],
      ],
    );
    // The segment completes with one more part: assembled from the parts, not downloaded.
    state.parts.push(await part(1, 2));
    await until(() => parts.length >= 3);
    state.segments.push(await segment(1));
    state.parts = [await part(2, 0)];
    await until(() => segments.some((s) => s.sequence === 1));
    const one = segments.find((s) => s.sequence === 1)!;
    assert.deepEqual(one.bytes, (await segment(1)).bytes);
    assert.ok(!requested.includes(`http://relay2.test/streams/${streamId}/1.ts`));
    await until(() => parts.some((p) => p.sequence === 2));
    assert.ok(parts.some((p) => p.sequence === 2 && p.part === 0));
  } finally {
    await viewer.stop();
  }
});

test("a segment downloaded whole yields its listed parts, cut at their signed sizes", async () => {
  const state = {
    segments: [await segment(0), await segment(1)],
    parts: [await part(1, 0), await part(1, 1), await part(1, 2), await part(2, 0)],
  };
  const viewer = createViewer({
    coordinatorUrl: COORDINATOR,
    streamId,
    domain,
    fetch: fakeNetwork(state, { "http://relay1.test": "ok" }, []),
    pollIntervalMs: 20,
    startBehind: 1,
  });
  const parts: PartEvent[] = [];
  viewer.on("part", (p) => parts.push(p));
  await viewer.start();
  try {
    await until(() => parts.some((p) => p.sequence === 2));
    assert.deepEqual(
      parts.map((p) => `${p.sequence}.${p.part}`),
      ["1.0", "1.1", "1.2", "2.0"],
    );
    assert.deepEqual(parts[1]!.bytes, partBytes(1, 1));
  } finally {
    await viewer.stop();
  }
});
