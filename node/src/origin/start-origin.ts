/**
 * The origin: RTMP ingest (key checked with the coordinator) -> ffmpeg LL-HLS parts -> per
 * part a SHA-256 and an origin-signed part entry, served at once; per segment (its parts
 * concatenated) an origin-signed manifest entry -> published to the coordinator, then served
 * over HTTP. Survives publisher reconnects: sequences keep rising and the first segment after a
 * resume carries a discontinuity.
 *
 * It never signs two hashes for one sequence (issue 9, finding 3): the next sequence is kept in
 * a journal in the data directory and reserved durably before each signature; a stream whose
 * last sequence is unknown (no journal, coordinator unreachable) is refused rather than counted
 * from 0; a segment is served only after the coordinator accepted its entry, and signed entries
 * wait in the journal, not in memory, until it does.
 */
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "pino";
import type { LocalAccount } from "viem";
import {
  manifestEntryTypes,
  partEntryTypes,
  relayStakingDomain,
} from "@streamrp2p/protocol/eip712";
import type { LiveSegment, SignedManifestEntry, SignedPartEntry } from "@streamrp2p/protocol/api";
import { segmentHash } from "@streamrp2p/protocol/segment-hash";
import { toManifestEntry, toPartEntry } from "@streamrp2p/protocol/viewer/manifest-entry";
import type { OriginConfig } from "../config.ts";
import type { CoordinatorClient } from "../coordinator-client.ts";
import { KeyedRateLimiter } from "../limits/keyed-rate-limiter.ts";
import { createNodeServer, serverScheme, type TlsFiles } from "../hls/create-node-server.ts";
import { createHlsHandler, type HlsCounters } from "../hls/hls-handler.ts";
import { SegmentStore, partHeaders, segmentHeaders } from "../hls/segment-store.ts";
import { createRtmpServer, type PublishDecision, type PublishSink } from "../rtmp/rtmp-server.ts";
import { createOriginMetrics } from "../metrics/node-metrics.ts";
import { NODE_VERSION } from "../version.ts";
import { startSegmenter } from "./ffmpeg-segmenter.ts";
import { PartGrouper, type GroupedSegment, type OriginPart } from "./part-grouper.ts";
import { createIngestGuard } from "./ingest-guard.ts";
import { ManifestPublisher } from "./manifest-publisher.ts";
import { OriginJournal } from "./origin-journal.ts";
import { resolveNextSequence, type CoordinatorLastSequence } from "./resolve-next-sequence.ts";

export interface OriginDeps {
  config: OriginConfig;
  account: LocalAccount;
  logger: Logger;
  /** Wall clock, ms since the epoch. */
  now: () => number;
  coordinator: Pick<CoordinatorClient, "authorizeIngest" | "streamInfo" | "publishManifest">;
  /** Delays between attempts to learn a stream's last sequence; default 250 ms doubling to 4 s. */
  sequenceRetryDelaysMs?: readonly number[];
  /** Serve HTTPS with this certificate and key (--tls-cert/--tls-key); plain HTTP without. */
  tls?: TlsFiles;
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
  /** Streams refused because their last sequence is unknown (no journal, no coordinator). */
  sequenceUnknown: string[];
  /** Signed entries the coordinator has not accepted yet (their segments are not served). */
  manifestPending: number;
  manifestPublished: number;
  manifestError: string | null;
  bytesServed: number;
  requests: number;
}

interface StreamState {
  nextSequence: number;
  /** The sequence of the segment whose parts are being signed (reserved in the journal). */
  openSequence: number | undefined;
  live: boolean;
  segments: number;
  resumed: boolean;
  /** The current publish's ffmpeg input, and a promise of its last segment being signed. */
  sink: PublishSink | undefined;
  ended: Promise<void>;
}

/** Signed segments waiting for the coordinator's acceptance, per stream; older bytes are dropped. */
const MAX_AWAITING = 120;
const SEQUENCE_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000] as const;

export async function startOrigin(deps: OriginDeps): Promise<RunningOrigin> {
  const { config, account, logger: log, now, coordinator } = deps;
  const started = now();
  const domain = relayStakingDomain(config.chainId, config.stakingAddress);
  const journal = await OriginJournal.open(config.dataDir);
  const store = new SegmentStore({
    maxBytes: config.cacheMb * 1024 * 1024,
    windowSize: config.playlistSize,
  });
  /** Signed segments whose entries the coordinator has not accepted yet, by stream then sequence. */
  const awaiting = new Map<`0x${string}`, Map<number, { live: LiveSegment; bytes: Buffer }>>();
  const publisher = new ManifestPublisher({
    coordinator,
    journal,
    log: log.child({ part: "manifest" }),
    onAccepted: (streamId, entries) => {
      const held = awaiting.get(streamId);
      for (const entry of entries) {
        const segment = held?.get(entry.sequence);
        if (!segment) continue;
        held!.delete(entry.sequence);
        store.add({ ...segment, headers: segmentHeaders(segment.live) });
      }
    },
  });
  const counters: HlsCounters = { bytesServed: 0, segmentsServed: 0, requests: 0 };
  const workDir = config.workDir ?? (await mkdtemp(join(tmpdir(), "streamrp2p-origin-")));
  const streams = new Map<`0x${string}`, StreamState>();
  const sequenceUnknown = new Set<`0x${string}`>();
  let publishCount = 0;

  for (const streamId of await journal.streamsWithUnpublished()) {
    const entries = await journal.unpublished(streamId);
    if (entries.length === 0) continue;
    log.info(
      { streamId, entries: entries.length },
      "publishing entries signed before a restart (their segments are gone; not served)",
    );
    for (const entry of entries) publisher.push(entry);
  }

  const status = (): OriginStatus => ({
    mode: "origin",
    version: NODE_VERSION,
    address: account.address,
    uptimeS: Math.round((now() - started) / 1000),
    streams: [...streams].map(([streamId, s]) => ({
      streamId,
      live: s.live,
      lastSequence: store.lastSequence(streamId) ?? null,
      segments: s.segments,
    })),
    sequenceUnknown: [...sequenceUnknown],
    cacheBytes: store.cachedBytes,
    manifestPending: publisher.pending,
    manifestPublished: publisher.published,
    manifestError: publisher.lastError ?? null,
    bytesServed: counters.bytesServed,
    requests: counters.requests,
  });

  /**
   * One part from ffmpeg: closes the segment it ends (if it opens a new one), then signs it and
   * serves it at once. A segment's sequence is reserved in the journal before its first part is
   * signed; its manifest entry is signed once its last part is in.
   */
  async function onPart(
    streamId: `0x${string}`,
    state: StreamState,
    grouper: PartGrouper,
    part: OriginPart,
  ): Promise<void> {
    const { index, closed } = grouper.push(part);
    if (closed) await onSegment(streamId, state, closed);
    if (index === 0) {
      // Reserved on disk before any signature over it exists: a crash after this point skips
      // the sequence; it can never sign it a second time.
      const sequence = state.nextSequence;
      await journal.reserve(streamId, sequence);
      state.nextSequence = sequence + 1;
      state.openSequence = sequence;
    }
    const entry = {
      streamId,
      sequence: state.openSequence!,
      part: index,
      size: part.bytes.length,
      durationMs: part.durationMs,
      independent: part.independent,
      hash: await segmentHash(part.bytes),
    };
    const signature = await account.signTypedData({
      domain,
      types: partEntryTypes,
      primaryType: "PartEntry",
      message: toPartEntry({ ...entry, signature: "0x" as `0x${string}` }),
    });
    const live = {
      entry: { ...entry, signature } satisfies SignedPartEntry,
      startedAt: part.startedAt,
    };
    store.addPart({ live, bytes: part.bytes, headers: partHeaders(live) });
  }

  async function onSegment(
    streamId: `0x${string}`,
    state: StreamState,
    segment: GroupedSegment,
  ): Promise<void> {
    const sequence = state.openSequence!;
    state.openSequence = undefined;
    const entry = {
      streamId,
      sequence,
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
    await journal.appendUnpublished(signed);
    const live: LiveSegment = {
      entry: signed,
      startedAt: segment.startedAt,
      discontinuity: state.resumed,
    };
    state.resumed = false;
    state.segments++;
    const held = awaiting.get(streamId) ?? new Map<number, { live: LiveSegment; bytes: Buffer }>();
    held.set(sequence, { live, bytes: segment.bytes });
    for (const old of held.keys()) {
      if (held.size <= MAX_AWAITING) break;
      held.delete(old);
      log.warn(
        { streamId, sequence: old },
        "coordinator too far behind; segment will not be served",
      );
    }
    awaiting.set(streamId, held);
    publisher.push(signed);
    log.debug(
      { streamId, sequence: entry.sequence, size: entry.size, durationMs: entry.durationMs },
      "segment",
    );
  }

  /** The stream's next sequence from the journal and the coordinator, retried with backoff. */
  async function nextSequenceOf(streamId: `0x${string}`): Promise<number | undefined> {
    const journalNext = await journal.nextSequence(streamId);
    const delays = deps.sequenceRetryDelaysMs ?? SEQUENCE_RETRY_DELAYS_MS;
    for (let attempt = 0; ; attempt++) {
      let fromCoordinator: CoordinatorLastSequence;
      try {
        const info = await coordinator.streamInfo(streamId);
        fromCoordinator = { reachable: true, lastSequence: info.lastSequence };
      } catch (error) {
        fromCoordinator = { reachable: false };
        if (journalNext !== undefined)
          log.warn(
            { err: error, streamId, nextSequence: journalNext },
            "cannot read the stream's last sequence at the coordinator; continuing from the journal",
          );
        else
          log.warn(
            { err: error, streamId, attempt: attempt + 1, retryInMs: delays[attempt] ?? null },
            "last sequence unknown (no journal, coordinator unreachable); not signing until it is known",
          );
      }
      const resolved = resolveNextSequence(journalNext, fromCoordinator);
      if (resolved.known) return resolved.next;
      const delay = delays[attempt];
      if (delay === undefined) return undefined;
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  const checkStreamKey = createIngestGuard({
    authorize: (streamKey) => coordinator.authorizeIngest(streamKey),
    checksPerSecond: config.ingestChecksPerSecond,
    checksPerClient: config.ingestChecksPerIp,
    now,
  });

  async function authorize(
    streamKey: string,
    _app: string,
    client: string,
  ): Promise<PublishDecision> {
    const check = await checkStreamKey(streamKey, client);
    if (!check.ok) return { accepted: false, reason: check.reason };
    const grant = check.grant;
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
      const nextSequence = await nextSequenceOf(streamId);
      if (nextSequence === undefined) {
        sequenceUnknown.add(streamId);
        log.error(
          { streamId },
          "publish refused: the stream's last sequence is unknown and counting from 0 could sign a sequence twice",
        );
        return { accepted: false, reason: "last sequence unknown (coordinator unreachable)" };
      }
      sequenceUnknown.delete(streamId);
      state = {
        nextSequence,
        openSequence: undefined,
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
    const grouper = new PartGrouper({ segmentMs: config.segmentSeconds * 1000 });
    let markEnded: () => void = () => undefined;
    current.ended = new Promise<void>((resolve) => (markEnded = resolve));
    const sink = await startSegmenter({
      ffmpegPath: config.ffmpegPath,
      dir: join(workDir, `${streamId.slice(2, 14)}-${++publishCount}`),
      segmentSeconds: config.segmentSeconds,
      partSeconds: config.partSeconds,
      video: config.video,
      logger: streamLog,
      now,
      onPart: (part) => {
        chain = chain
          .then(() => onPart(streamId, current, grouper, part))
          .catch((error: unknown) => {
            streamLog.error({ err: error }, "cannot sign part or segment");
          });
      },
      onEnd: () => {
        chain = chain
          .then(async () => {
            const last = grouper.flush();
            if (last) await onSegment(streamId, current, last);
          })
          .catch((error: unknown) => streamLog.error({ err: error }, "cannot sign last segment"));
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

  const rtmpServer = createRtmpServer({
    authorize,
    logger: log.child({ part: "rtmp" }),
    maxConnections: config.rtmpMaxConnections,
    maxConnectionsPerIp: config.rtmpMaxConnectionsPerIp,
    handshakeTimeoutMs: config.rtmpHandshakeTimeoutMs,
    publishTimeoutMs: config.rtmpPublishTimeoutMs,
    idleTimeoutMs: config.rtmpIdleTimeoutMs,
  });
  const rtmp = rtmpServer.server;
  const http = createNodeServer(
    deps.tls,
    createHlsHandler({
      store,
      counters,
      status,
      metrics: createOriginMetrics(status).scrape,
      requestsPerClient: new KeyedRateLimiter({
        ratePerSecond: config.originRequestsPerIp,
        burst: Math.max(1, 2 * config.originRequestsPerIp),
        now,
      }),
    }),
  );
  rtmp.listen(config.rtmpPort, config.rtmpHost);
  http.listen(config.httpPort, config.host);
  await Promise.all([once(rtmp, "listening"), once(http, "listening")]);
  const rtmpPort = (rtmp.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  const url = config.publicUrl ?? `${serverScheme(deps.tls)}://127.0.0.1:${httpPort}`;
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
      await waitFor(() => [...streams.values()].every((s) => !s.live), 8000, now);
      http.closeAllConnections();
      http.close();
      await publisher.flush();
      publisher.stop();
      if (!config.workDir) await rm(workDir, { recursive: true, force: true });
    },
  };
}

async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  now: () => number,
): Promise<void> {
  const deadline = now() + timeoutMs;
  while (!condition() && now() < deadline) await new Promise((r) => setTimeout(r, 50));
}
