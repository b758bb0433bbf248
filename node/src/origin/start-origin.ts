/**
 * The origin: RTMP ingest (key checked with the coordinator) -> ffmpeg HLS -> SHA-256 + an
 * origin-signed manifest entry per segment -> served over HTTP and published to the coordinator.
 * Survives publisher reconnects: sequences keep rising and the first segment after a resume
 * carries a discontinuity.
 */
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import type { LocalAccount } from "viem";
import { manifestEntryTypes, relayStakingDomain } from "@streamrp2p/protocol/eip712";
import type { LiveSegment, SignedManifestEntry } from "@streamrp2p/protocol/api";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { toManifestEntry } from "@streamrp2p/protocol/viewer/manifest-entry";
import type { OriginConfig } from "../config.ts";
import { CoordinatorClient } from "../coordinator-client.ts";
import { createHlsHandler, type HlsCounters } from "../hls/hls-handler.ts";
import { SegmentStore, segmentHeaders } from "../hls/segment-store.ts";
import { createRtmpServer, type PublishDecision, type PublishSink } from "../rtmp/rtmp-server.ts";
import { NODE_VERSION } from "../version.ts";
import { startSegmenter, type CompletedSegment } from "./ffmpeg-segmenter.ts";
import { ManifestPublisher } from "./manifest-publisher.ts";

export interface OriginDeps {
  config: OriginConfig;
  account: LocalAccount;
  logger: Logger;
  fetch?: typeof fetch;
}

export interface RunningOrigin {
  rtmpPort: number;
  httpPort: number;
  url: string;
  store: SegmentStore;
  status(): OriginStatus;
  stop(): Promise<void>;
}

export interface OriginStatus {
  mode: "origin";
  version: string;
  address: string;
  uptimeS: number;
  streams: { streamId: string; live: boolean; lastSequence: number | null; segments: number }[];
  cacheBytes: number;
  manifestPending: number;
  manifestPublished: number;
  bytesServed: number;
  requests: number;
}

interface StreamState {
  nextSequence: number;
  live: boolean;
  segments: number;
  resumed: boolean;
  /** The current publish's ffmpeg input, and a promise of its last segment being signed. */
  sink: PublishSink | undefined;
  ended: Promise<void>;
}

export async function startOrigin(deps: OriginDeps): Promise<RunningOrigin> {
  const { config, account, logger: log } = deps;
  const started = Date.now();
  const domain = relayStakingDomain(config.chainId, config.stakingAddress);
  const coordinator = new CoordinatorClient({ baseUrl: config.coordinatorUrl, fetch: deps.fetch });
  const publisher = new ManifestPublisher(coordinator, log.child({ part: "manifest" }));
  const store = new SegmentStore({
    maxBytes: config.cacheMb * 1024 * 1024,
    windowSize: config.playlistSize,
  });
  const counters: HlsCounters = { bytesServed: 0, segmentsServed: 0, requests: 0 };
  const workDir = config.workDir ?? (await mkdtemp(join(tmpdir(), "streamrp2p-origin-")));
  const streams = new Map<`0x${string}`, StreamState>();
  let publishCount = 0;

  const status = (): OriginStatus => ({
    mode: "origin",
    version: NODE_VERSION,
    address: account.address,
    uptimeS: Math.round((Date.now() - started) / 1000),
    streams: [...streams].map(([streamId, s]) => ({
      streamId,
      live: s.live,
      lastSequence: store.lastSequence(streamId) ?? null,
      segments: s.segments,
    })),
    cacheBytes: store.cachedBytes,
    manifestPending: publisher.pending,
    manifestPublished: publisher.published,
    bytesServed: counters.bytesServed,
    requests: counters.requests,
  });

  async function onSegment(
    streamId: `0x${string}`,
    state: StreamState,
    segment: CompletedSegment,
  ): Promise<void> {
    const entry = {
      streamId,
      sequence: state.nextSequence++,
      size: segment.bytes.length,
      durationMs: segment.durationMs,
      hash: await segmentHash(segment.bytes),
    };
    const signature = await account.signTypedData({
      domain,
      types: manifestEntryTypes,
      primaryType: "ManifestEntry",
      message: toManifestEntry({ ...entry, signature: "0x" as `0x${string}` }),
    });
    const signed: SignedManifestEntry = { ...entry, signature };
    const live: LiveSegment = {
      entry: signed,
      startedAt: segment.startedAt,
      discontinuity: state.resumed,
    };
    state.resumed = false;
    state.segments++;
    store.add({ live, bytes: segment.bytes, headers: segmentHeaders(live) });
    publisher.push(signed);
    log.debug(
      { streamId, sequence: entry.sequence, size: entry.size, durationMs: entry.durationMs },
      "segment",
    );
  }

  async function authorize(streamKey: string): Promise<PublishDecision> {
    const grant = await coordinator.authorizeIngest(streamKey);
    if (!grant) return { accepted: false, reason: "stream key refused" };
    if (grant.originAddress.toLowerCase() !== account.address.toLowerCase()) {
      log.error(
        { streamId: grant.streamId, expected: grant.originAddress },
        "stream is bound to another origin key",
      );
      return { accepted: false, reason: "stream is bound to another origin key" };
    }
    const streamId = grant.streamId;
    let state = streams.get(streamId);
    if (state?.live) {
      // A publisher reconnecting (e.g. OBS after a network drop) takes over from the stale session.
      log.warn({ streamId }, "new publisher for a live stream; ending the previous one");
      state.sink?.end();
      await Promise.race([state.ended, new Promise((r) => setTimeout(r, 10_000))]);
      if (state.live) return { accepted: false, reason: "previous publisher still ending" };
    }
    if (!state) {
      let nextSequence = 0;
      try {
        const info = await coordinator.streamInfo(streamId);
        if (info.lastSequence !== null) nextSequence = info.lastSequence + 1;
      } catch (error) {
        log.warn({ err: error, streamId }, "cannot read the stream's last sequence; starting at 0");
      }
      state = {
        nextSequence,
        live: false,
        segments: 0,
        resumed: nextSequence > 0,
        sink: undefined,
        ended: Promise.resolve(),
      };
      streams.set(streamId, state);
      store.addStream(streamId, account.address.toLowerCase() as `0x${string}`);
    } else {
      state.resumed = true;
    }
    state.live = true;
    const current = state;
    const streamLog = log.child({ streamId });
    let chain: Promise<void> = Promise.resolve();
    let markEnded: () => void = () => undefined;
    current.ended = new Promise<void>((resolve) => (markEnded = resolve));
    const sink = await startSegmenter({
      ffmpegPath: config.ffmpegPath,
      dir: join(workDir, `${streamId.slice(2, 14)}-${++publishCount}`),
      segmentSeconds: config.segmentSeconds,
      video: config.video,
      logger: streamLog,
      onSegment: (segment) => {
        chain = chain
          .then(() => onSegment(streamId, current, segment))
          .catch((error: unknown) => {
            streamLog.error({ err: error }, "cannot sign segment");
          });
      },
      onEnd: () => {
        void chain.then(() => {
          current.live = false;
          current.sink = undefined;
          markEnded();
          streamLog.info(
            { lastSequence: store.lastSequence(streamId) },
            "stream paused (publisher gone)",
          );
        });
      },
    });
    current.sink = sink;
    streamLog.info("publish accepted");
    return { accepted: true, sink };
  }

  const rtmpServer = createRtmpServer({ authorize, logger: log.child({ part: "rtmp" }) });
  const rtmp = rtmpServer.server;
  const http: HttpServer = createServer(
    { keepAliveTimeout: 65_000 },
    createHlsHandler({ store, counters, status }),
  );
  rtmp.listen(config.rtmpPort, config.rtmpHost);
  http.listen(config.httpPort, config.host);
  await Promise.all([once(rtmp, "listening"), once(http, "listening")]);
  const rtmpPort = (rtmp.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  const url = config.publicUrl ?? `http://127.0.0.1:${httpPort}`;
  log.info({ rtmpPort, httpPort, url, address: account.address }, "origin listening");

  const statusTimer =
    config.statusIntervalMs > 0
      ? setInterval(() => {
          const s = status();
          log.info(
            {
              streams: s.streams,
              cacheBytes: s.cacheBytes,
              manifestPending: s.manifestPending,
              bytesServed: s.bytesServed,
            },
            "status",
          );
        }, config.statusIntervalMs)
      : undefined;

  return {
    rtmpPort,
    httpPort,
    url,
    store,
    status,
    async stop() {
      clearInterval(statusTimer);
      await rtmpServer.close();
      await waitFor(() => [...streams.values()].every((s) => !s.live), 8000);
      http.closeAllConnections();
      http.close();
      await publisher.flush();
      publisher.stop();
      if (!config.workDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
