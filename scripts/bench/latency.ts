/**
 * npm run bench:latency — glass-to-glass through two relay tiers, on the live path with real
 * parts: ffmpeg publishes a generated live source (testsrc2 + sine, -re) over RTMP to the
 * origin (node CLI, x264 re-encode, 1 s segments), then origin -> tier-1 relay -> tier-2 relay
 * -> the viewer library (protocol/src/viewer, the player's own code: blocking playlist reloads,
 * manifest-entry signature and segment hash verified) with the real coordinator.
 *
 * What is measured, per segment the player accepts (one wall clock for every process):
 *   available = when the viewer library emits the segment: downloaded from tier 2, its
 *               origin-signed manifest entry and its SHA-256 verified
 *   sent(f)    = when ffmpeg -re sent frame f: -re paces frames in real time, so frame time t
 *               leaves at about publish start + t, and segment n of the publish (1 s segments,
 *               the origin's default) starts at publish start + (n - first) x duration.
 *               Publish start = when the origin's /status first lists the stream (polled every
 *               10 ms). ffmpeg opens its RTMP output (connect, publish, the origin's key check)
 *               before it starts reading input, and -re paces from that start, so frames leave
 *               a little after this anchor and the figure errs high by that little; the time
 *               ffmpeg was spawned gives a looser upper bound (glassToGlassUpperBoundP50Ms).
 *   PDT        = the segment's EXT-X-PROGRAM-DATE-TIME (the origin's ffmpeg program_date_time)
 *
 *   glassToGlassP50Ms          p50 over LL-HLS parts of available(part) - sent(part's first
 *                              frame): capture to the player holding the part, verified (its
 *                              origin-signed part entry and hash), which is when the player can
 *                              append and show it. A part's first frame is its segment's start
 *                              plus the durations of the parts before it.
 *   glassToGlassSegmentP50Ms   the same for whole segments: p50 of available - sent(segment's
 *                              first frame).
 *   captureToPlayerP50Ms       the same for the segment's last frame (minus one duration)
 *   pdtToPlayerP50Ms           p50 of available - PDT(segment start), as a player computes it
 *   pdtLastFrameToPlayerP50Ms  p50 of available - (PDT + duration)
 *   pdtAfterCaptureP50Ms       PDT - sent(first frame): PDT's own error. The origin's ffmpeg
 *                              anchors program_date_time when its HLS muxer starts (after
 *                              probing the FLV input) and counts media time from there, so PDT
 *                              is late by that start-up and the PDT-based figures under-state
 *                              glass-to-glass (even below zero); hence the key figure uses sent().
 * None of these include a player's own buffer before display.
 *
 *   standardPlayerLatencyP50Ms p50 of (wall clock - PDT of the frame on screen) in stock hls.js
 *                              (`lowLatencyMode: true`, no custom loader) in Debian Chromium,
 *                              playing the tier-2 relay's LL-HLS index.m3u8 at the same time as
 *                              the viewer library watches tier 2 (scripts/bench/lib/
 *                              standard-player.ts); samples from its first 10 s are dropped.
 *                              This one includes the player's buffer (PART-HOLD-BACK).
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import { parsePlaylist } from "@streamrp2p/protocol/viewer/parse-playlist";
import { createViewer, type PartEvent, type SegmentEvent } from "@streamrp2p/client";
import { CHAIN_ID, STAKING_ADDRESS } from "../lib/live-stack.ts";
import { waitUntil } from "../lib/service.ts";
import { startLiveBenchStack } from "./lib/live-bench-stack.ts";
import { watchWithStockHls } from "./lib/standard-player.ts";
import { quantile } from "./lib/quantile.ts";
import { report, type Figure } from "./report.ts";

const HELP = `npm run bench:latency [-- options]

Glass-to-glass latency, origin -> tier 1 -> tier 2 -> the viewer library, on 127.0.0.1.
glassToGlassP50Ms = player holds the segment, verified - the time ffmpeg -re sent its first
frame; the PDT-based figures (available - EXT-X-PROGRAM-DATE-TIME) and PDT's own error are
reported beside it, and standardPlayerLatencyP50Ms: stock hls.js (lowLatencyMode, no custom
loader) in Debian Chromium on tier 2 at the same time, now - PDT of the frame on screen
(definitions at the top of scripts/bench/latency.ts).

  --seconds S    how long the player watches (default 40); ffmpeg publishes S + 15 s
  --skip N       first segments the player gets that are not counted (it starts 2 behind
                 the live edge; default 3)
  --log          show the services' logs
  --json         print one JSON object of the figures
  --help         this text

Figures go to .bench/latency.json as well.`;

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "40" },
    skip: { type: "string", default: "3" },
    log: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  process.stdout.write(`${HELP}\n`);
  process.exit(0);
}
const seconds = Number(args.seconds);
const skip = Number(args.skip);
if (!(seconds > 0) || !(skip >= 0)) throw new Error("--seconds > 0 and --skip >= 0 expected");
const progress = (line: string) => {
  if (!args.json) process.stderr.write(`${line}\n`);
};

/** Stock hls.js samples dropped at the start (it joins, buffers and catches up). */
const STANDARD_WARMUP_MS = 10_000;

/** A part the viewer library emitted, verified: its first frame's offset in its segment. */
interface PartSample {
  sequence: number;
  offsetMs: number;
  availableAt: number;
}

interface Sample {
  sequence: number;
  availableAt: number;
  pdt: number;
  durationMs: number;
  relay: string;
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  progress(`load average before: ${loadBefore.map((l) => l.toFixed(2)).join(" ")}`);
  const stack = await startLiveBenchStack({ tier2: true, log: args.log });
  try {
    // ffmpeg opens the RTMP output before it reads input, and -re paces from then: frames leave
    // just after the origin accepts the publish. Anchor: the moment the origin lists the stream
    // (polled every 10 ms); spawning ffmpeg gives the looser upper bound.
    const spawnedAt = Date.now();
    const accepted = (async () => {
      await waitUntil(
        "the origin accepting the publish",
        async () =>
          ((await (await fetch(`${stack.origin.url}/status`)).json()) as { streams: unknown[] })
            .streams.length > 0,
        { timeoutMs: 30_000, intervalMs: 10 },
      );
      return Date.now();
    })();
    await stack.publish(seconds + 15, 2);
    const publishedAt = await accepted;
    const viewer = createViewer({
      coordinatorUrl: stack.coordinator.url,
      streamId: stack.streamId,
      domain: relayStakingDomain(CHAIN_ID, STAKING_ADDRESS),
      relays: [stack.tier2!.relay],
    });
    const samples: Sample[] = [];
    let failovers = 0;
    viewer.on("segment", (s: SegmentEvent) => {
      if (s.programDateTime === undefined) return;
      samples.push({
        sequence: s.sequence,
        availableAt: Date.now(),
        pdt: s.programDateTime,
        durationMs: s.entry.durationMs,
        relay: s.relay.url,
      });
    });
    // Parts arrive in order within a segment; a part whose predecessors were all seen has a
    // known offset (their durations summed). Parts after a gap are left out.
    const partSamples: PartSample[] = [];
    const partOffsets = new Map<number, { next: number; offsetMs: number }>();
    viewer.on("part", (p: PartEvent) => {
      const at = partOffsets.get(p.sequence) ?? { next: 0, offsetMs: 0 };
      if (p.part !== at.next) return;
      partSamples.push({ sequence: p.sequence, offsetMs: at.offsetMs, availableAt: Date.now() });
      partOffsets.set(p.sequence, {
        next: at.next + 1,
        offsetMs: at.offsetMs + p.entry.durationMs,
      });
    });
    viewer.on("failover", () => failovers++);
    progress(`watching tier 2 for ${seconds} s (viewer library and stock hls.js in Chromium)`);
    await viewer.start();
    // The stock player joins a stream that is already running, as a viewer would.
    const tier2Playlist = `${stack.tier2!.url}/streams/${stack.streamId}/index.m3u8`;
    await waitUntil(
      "tier 2 listing 4 segments",
      async () => parsePlaylist(await (await fetch(tier2Playlist)).text()).segments.length >= 4,
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const standard = watchWithStockHls(tier2Playlist, seconds);
    const stock = await standard;
    await viewer.stop();
    const stockStart = (stock.samples[0]?.at ?? 0) + STANDARD_WARMUP_MS;
    const stockCounted = stock.samples.filter((s) => s.at >= stockStart);
    const stockLatency = stockCounted.map((s) => s.latencyMs);
    const stockEdge = stockCounted.map((s) => s.edgeMs);
    if (stockLatency.length === 0)
      throw new Error(`stock hls.js never played (errors: ${stock.errors.join(", ") || "none"})`);

    const counted = samples.slice(skip);
    if (counted.length === 0) throw new Error(`no segments after the first ${skip}`);
    const sequenceZero = (await stack.coordinator.manifest(stack.streamId, 0))[0]?.sequence ?? 0;
    const glass = counted.map((s) => s.availableAt - s.pdt);
    const lastFrame = counted.map((s) => s.availableAt - (s.pdt + s.durationMs));
    // Segment n of this publish ends at publish start + sum of the durations up to it; with
    // 1 s segments (the origin's default) that is (n - first + 1) x duration.
    const capture = counted.map(
      (s) => s.availableAt - (publishedAt + (s.sequence - sequenceZero + 1) * s.durationMs),
    );
    const firstFrameCapture = counted.map(
      (s) => s.availableAt - (publishedAt + (s.sequence - sequenceZero) * s.durationMs),
    );
    const fromSpawn = counted.map(
      (s) => s.availableAt - (spawnedAt + (s.sequence - sequenceZero) * s.durationMs),
    );
    const firstCounted = counted[0]!.sequence;
    const countedParts = partSamples.filter((p) => p.sequence >= firstCounted);
    const durationMs = counted[0]!.durationMs;
    const partCapture = countedParts.map(
      (p) => p.availableAt - (publishedAt + (p.sequence - sequenceZero) * durationMs + p.offsetMs),
    );
    const pdtLate = counted.map(
      (s) => s.pdt - (publishedAt + (s.sequence - sequenceZero) * s.durationMs),
    );
    const loadAfter = os.loadavg();
    const fmt = (values: number[]) =>
      `p90 ${Math.round(quantile(values, 0.9))} max ${Math.round(Math.max(...values))}`;
    const figures: Figure[] = [
      {
        key: "glassToGlassP50Ms",
        value: countedParts.length > 0 ? Math.round(quantile(partCapture, 0.5)) : Number.NaN,
        unit: "ms",
        target: { value: 800, better: "lower" },
        note:
          countedParts.length > 0
            ? `player has the part, verified - ffmpeg -re send time of its first frame; ${fmt(partCapture)} (n=${countedParts.length} parts)`
            : "the viewer library emitted no part in order (no LL-HLS parts at tier 2?)",
      },
      {
        key: "glassToGlassSegmentP50Ms",
        value: Math.round(quantile(firstFrameCapture, 0.5)),
        unit: "ms",
        note: `player has the whole segment, verified - ffmpeg -re send time of its first frame; ${fmt(firstFrameCapture)} (n=${counted.length}, segments ${counted[0]!.sequence}..${counted.at(-1)!.sequence})`,
      },
      {
        key: "standardPlayerLatencyP50Ms",
        value: Math.round(quantile(stockLatency, 0.5)),
        unit: "ms",
        target: { value: 3000, better: "lower" },
        note: `stock hls.js lowLatencyMode in Chromium on tier 2's index.m3u8, now - PDT on screen; ${fmt(stockLatency)} (n=${stockLatency.length}; hls.js: ${Math.round(quantile(stockEdge, 0.5))} ms behind the playlist's edge, aiming at ${stockCounted[0]!.targetMs} ms, ${stock.samples[0]!.edgeMs} ms behind at its first frame, ${stock.waits} waits for data; loaded ${stock.loads.parts} parts and ${stock.loads.segments} segments${stock.errors.length > 0 ? `, fatal errors: ${stock.errors.join(", ")}` : ""})`,
      },
      {
        key: "glassToGlassUpperBoundP50Ms",
        value: Math.round(quantile(fromSpawn, 0.5)),
        unit: "ms",
        note: `the same from the time ffmpeg was spawned (includes its start-up, ${publishedAt - spawnedAt} ms to publish here)`,
      },
      {
        key: "pdtToPlayerP50Ms",
        value: Math.round(quantile(glass, 0.5)),
        unit: "ms",
        note: `player has segment, verified - its PDT (first frame); ${fmt(glass)}`,
      },
      {
        key: "pdtLastFrameToPlayerP50Ms",
        value: Math.round(quantile(lastFrame, 0.5)),
        unit: "ms",
        note: `player has segment - (PDT + duration); ${fmt(lastFrame)}`,
      },
      {
        key: "captureToPlayerP50Ms",
        value: Math.round(quantile(capture, 0.5)),
        unit: "ms",
        note: `player has segment - ffmpeg -re send time of its last frame (incl. RTMP + origin encode); ${fmt(capture)}`,
      },
      {
        key: "pdtAfterCaptureP50Ms",
        value: Math.round(quantile(pdtLate, 0.5)),
        unit: "ms",
        note: "how much later the origin's PDT is than the -re send time of the same frame (PDT's own error)",
      },
      {
        key: "segmentDurationMs",
        value: Math.round(
          quantile(
            counted.map((s) => s.durationMs),
            0.5,
          ),
        ),
        unit: "ms",
      },
      {
        key: "viewerFailovers",
        value: failovers,
        unit: "",
        note: `all from ${[...new Set(counted.map((s) => s.relay))].join(", ")} (tier 2)`,
      },
      {
        key: "loadAverage1m",
        value: Math.round(loadAfter[0]! * 100) / 100,
        unit: "",
        note: `2 cores shared by ffmpeg x2, origin, relays, coordinator, Redis, player and other work; load avg ${loadBefore[0]!.toFixed(2)} -> ${loadAfter[0]!.toFixed(2)}`,
      },
    ];
    report("latency", figures, args.json);
  } finally {
    await stack.stop();
  }
}

await main();
