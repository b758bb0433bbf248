/**
 * The relay: signs in to the coordinator (EIP-4361), pulls its streams from upstream through
 * StreamPullers, serves them over node:http, heartbeats and uploads its fetch log. Viewers post
 * signed receipts to POST /receipts; the latest per session goes to the coordinator in batches.
 * It carries a stream, and signs delivery statements for it, only while the stream's on-chain
 * origin signer (RelayStaking.originSignerAt) is the origin key the coordinator names.
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import type { Address, LocalAccount } from "viem";
import type { RelayProbeReason } from "@streamrp2p/protocol/api";
import type { ChainClients } from "@streamrp2p/client/chain/ChainClients";
import { readOperatorOf } from "@streamrp2p/client/chain/readOperatorOf";
import { liveStreamList } from "@streamrp2p/protocol/api";
import { relayStakingDomain } from "@streamrp2p/protocol/eip712";
import type { RelayConfig } from "../config.ts";
import type { CoordinatorClient } from "../coordinator-client.ts";
import {
  createNodeServer,
  serverScheme,
  type NodeServer,
  type TlsFiles,
} from "../hls/create-node-server.ts";
import { createHlsHandler, type HlsCounters } from "../hls/hls-handler.ts";
import { SegmentStore } from "../hls/segment-store.ts";
import { KeyedRateLimiter } from "../limits/keyed-rate-limiter.ts";
import { TokenBucket } from "../limits/token-bucket.ts";
import { createRelayMetrics, timedFetch } from "../metrics/node-metrics.ts";
import { NODE_VERSION } from "../version.ts";
import { FetchLog } from "./fetch-log.ts";
import { openInbound, type Inbound, type UpnpStatus } from "./inbound.ts";
import {
  OriginSignerCheck,
  originSignerReader,
  type OriginCheckRefusal,
  type OriginCheckResult,
  type OriginSignerReader,
} from "./origin-signer-check.ts";
import { DisputeWatcher, type DisputeStats } from "./dispute-watcher.ts";
import { MirroredSegmentStore } from "./mirrored-segment-store.ts";
import { createReceiptHttpHandler, RECEIPTS_PATH, receiptIntake } from "./receipt-handler.ts";
import { ReceiptStore } from "./receipt-store.ts";
import { ReceiptUploader } from "./receipt-uploader.ts";
import { startServePool, type ServePool } from "./serve-pool.ts";
import { SignedEntryStore } from "./signed-entry-store.ts";
import { StreamPuller } from "./stream-puller.ts";

export type RelayCoordinator = Pick<
  CoordinatorClient,
  "streamInfo" | "session" | "postReceipts" | "login" | "heartbeat" | "fetchLog" | "manifestEntry"
>;

export interface RelayDeps {
  config: RelayConfig;
  account: LocalAccount;
  logger: Logger;
  /** Wall clock, ms since the epoch. */
  now: () => number;
  /** For upstream origins and relays. */
  fetch: typeof fetch;
  coordinator: RelayCoordinator;
  /**
   * RelayStaking.originSignerAt (see originSignerReader). "insecure-skip" is accepted only with
   * config.insecureSkipOriginCheck (the --insecure-skip-origin-check dev flag).
   */
  originSigners: OriginSignerReader | "insecure-skip";
  /** Serve HTTPS with this certificate and key (--tls-cert/--tls-key); plain HTTP without. */
  tls?: TlsFiles;
  /**
   * The relay key's chain clients (RelayStaking of config.chainId): the relay reads which
   * operator authorized its key and disputes tamper reports against that operator. Undefined
   * without a chain (--insecure-skip-origin-check and no --rpc-url).
   */
  chain?: ChainClients | undefined;
  /**
   * Called when the relay stopped itself on an error it cannot recover from (a serve worker of
   * `--workers` died); the CLI exits with status 1 for the supervisor to restart it.
   */
  onFatal?: (error: Error) => void;
}

/** The relay was given dependencies that contradict its configuration. */
export class RelayDependencyError extends Error {
  override readonly name = "RelayDependencyError";
}

export interface RelayStatus {
  mode: "relay";
  version: string;
  address: string;
  /** The URL advertised to the coordinator (see `inbound`). */
  url: string;
  /**
   * How viewers reach this relay: where `url` came from (--public-url, a UPnP mapping on the
   * router, or only the local address), the UPnP outcome, and the coordinator's verdict from
   * probing `url` (`listed` false: pull-only, not given to viewers, for `reason`; null until the
   * first heartbeat is answered).
   */
  inbound: {
    via: Inbound["via"];
    upnp: UpnpStatus;
    listed: boolean | null;
    pullOnly: boolean;
    reason: RelayProbeReason | null;
    detail: string | null;
  };
  tier: number;
  uptimeS: number;
  signedIn: boolean;
  /**
   * The operator (wallet) that authorized this relay key; "unauthorized" when none has (the
   * coordinator pays nobody for its work), "unknown" while the chain cannot be read, null
   * without a chain.
   */
  operator: Address | "unauthorized" | "unknown" | null;
  /** Tamper reports against the operator and their disputes; null without a chain. */
  disputes: DisputeStats | null;
  /** False only with --insecure-skip-origin-check. */
  originCheck: boolean;
  /** Streams not carried because their on-chain origin signer was not confirmed. */
  refusedStreams: { streamId: string; reason: OriginCheckRefusal }[];
  streams: {
    streamId: string;
    lastSequence: number | null;
    upstream: string;
    fetched: number;
    rejected: number;
    upstreamErrors: number;
    originCheck: OriginCheckRefusal | null;
  }[];
  viewers: number;
  load: number;
  cacheBytes: number;
  cachedSegments: number;
  bytesServed: number;
  segmentsServed: number;
  requests: number;
  /**
   * Requests answered by each serve worker (`--workers`, relay/serve-pool.ts): how the kernel
   * spread the connections. One entry (the main thread) with one worker.
   */
  workerRequests: number[];
  fetchLogPending: number;
  fetchLogSent: number;
  receipts: {
    sessions: number;
    pending: number;
    sent: number;
    refused: Record<string, number>;
  };
}

export interface RunningRelay {
  httpPort: number;
  url: string;
  store: SegmentStore;
  receipts: ReceiptStore;
  /** The origin entries this relay served signed statements for (for disputes). */
  signedEntries: SignedEntryStore;
  status(): RelayStatus;
  stop(): Promise<void>;
}

const VIEWER_WINDOW_MS = 10_000;
/** Viewer identities (`?session=` values) held at once, and their length: bounded memory. */
const MAX_VIEWER_IDS = 100_000;
const MAX_VIEWER_ID_LENGTH = 128;
const DISCOVERY_INTERVAL_MS = 2000;
/** How often an unauthorized (or unread) relay key's operator is read again. */
const OPERATOR_RECHECK_MS = 30_000;
/** SSDP search and each UPnP SOAP exchange. */
const UPNP_TIMEOUT_MS = 2000;

export async function startRelay(deps: RelayDeps): Promise<RunningRelay> {
  const { config, account, logger: log, now, coordinator } = deps;
  const fetchImpl = deps.fetch;
  if ((deps.originSigners === "insecure-skip") !== config.insecureSkipOriginCheck)
    throw new RelayDependencyError(
      config.insecureSkipOriginCheck
        ? "--insecure-skip-origin-check is set but an origin signer reader was given"
        : "the on-chain origin signer check may be skipped only with --insecure-skip-origin-check",
    );
  const originSigners =
    deps.originSigners === "insecure-skip"
      ? undefined
      : new OriginSignerCheck({
          read: deps.originSigners,
          now,
          maxAgeMs: config.originCheckIntervalMs,
        });
  if (!originSigners)
    log.warn(
      "INSECURE: --insecure-skip-origin-check: carrying streams and signing delivery statements without checking their on-chain origin signer",
    );
  const checkOrigin = (
    streamId: `0x${string}`,
    sequence: number,
    expected: `0x${string}`,
  ): Promise<OriginCheckResult> =>
    originSigners
      ? originSigners.check(streamId, sequence, expected)
      : Promise.resolve({ ok: true });
  const started = now();
  const domain = relayStakingDomain(config.chainId, config.stakingAddress);
  const signedEntries = new SignedEntryStore({ maxEntries: config.signedEntries });
  const chain = deps.chain;
  /** The operator that authorized the relay key; undefined while unauthorized or unread. */
  let operatorAddress: Address | undefined;
  let operator: RelayStatus["operator"] = chain ? "unknown" : null;
  const authorizeHint = `streamrp2p-node authorize --keystore <relay keystore> --operator <your wallet> --chain-id ${config.chainId}, then send it from the wallet (the web app's operator wizard)`;
  async function readOperator(): Promise<void> {
    if (!chain) return;
    const before = operator;
    try {
      operatorAddress = await readOperatorOf(chain, account.address);
      operator = operatorAddress ?? "unauthorized";
    } catch (error) {
      if (operatorAddress === undefined) operator = "unknown";
      log.warn({ err: error }, "cannot read the relay key's operator (operatorOf); will retry");
      return;
    }
    if (operator === before) return;
    if (operator === "unauthorized")
      log.warn(
        { relayKey: account.address, fix: authorizeHint },
        "relay key not authorized by any operator: the coordinator pays nobody for this relay's work",
      );
    else log.info({ relayKey: account.address, operator }, "relay key acts for operator");
  }
  const disputes = chain
    ? new DisputeWatcher({
        clients: chain,
        operator: () => operatorAddress,
        entries: signedEntries,
        coordinatorEntry: (streamId, sequence) => coordinator.manifestEntry(streamId, sequence),
        originSignerAt:
          deps.originSigners === "insecure-skip"
            ? originSignerReader(chain.public, chain.deployment.contracts.RelayStaking)
            : deps.originSigners,
        domain,
        logger: log.child({ part: "disputes" }),
        lookbackBlocks: BigInt(config.disputeLookbackBlocks),
      })
    : undefined;
  let disputing = false;
  async function watchDisputes(): Promise<void> {
    if (!disputes || disputing) return;
    disputing = true;
    try {
      await disputes.poll();
    } catch (error) {
      log.warn({ err: error }, "tamper report scan failed; will retry");
    } finally {
      disputing = false;
    }
  }
  const fetchLog = new FetchLog(coordinator, log.child({ part: "fetch-log" }));
  const receipts = new ReceiptStore({
    relay: account.address,
    lookupSession: (id) => coordinator.session(id),
    now,
    // Viewers spend these, never the relay's own calls (heartbeats, fetch log, receipt uploads).
    lookupBudget: new TokenBucket({
      ratePerSecond: config.sessionLookupsPerSecond,
      burst: Math.max(1, 2 * config.sessionLookupsPerSecond),
      now,
    }),
    lookupsPerClient: new KeyedRateLimiter({
      ratePerSecond: config.sessionLookupsPerIp,
      burst: 10,
      now,
    }),
  });
  const receiptUploader = new ReceiptUploader({
    store: receipts,
    // The coordinator checks receipts against the fetch log, and a receipt it evaluates before
    // the fetches it covers are logged is withheld for good: the fetch log goes first.
    post: async (batch) => {
      await fetchLog.flush();
      if (fetchLog.size > 0) throw new Error("fetch log not delivered yet; receipts wait for it");
      await coordinator.postReceipts(batch);
    },
    log: log.child({ part: "receipts" }),
    now,
  });
  const storeOptions = { maxBytes: config.cacheMb * 1024 * 1024, windowSize: config.playlistSize };
  // With serve workers, what the store admits is handed to them (all are started before the
  // first stream is followed, so each sees every admission).
  let pool: ServePool | undefined;
  const store =
    config.workers > 1
      ? new MirroredSegmentStore(storeOptions, (op) => pool?.publish(op))
      : new SegmentStore(storeOptions);
  const counters: HlsCounters = { bytesServed: 0, segmentsServed: 0, requests: 0 };
  const served = (): HlsCounters => pool?.counters() ?? counters;
  const viewers = new Map<string, number>();
  const pullers = new Map<string, StreamPuller>();
  const resolving = new Set<string>();
  const refusedStreams = new Map<`0x${string}`, OriginCheckRefusal>();
  let signedIn = false;
  let stopped = false;
  let stopDone: Promise<void> | undefined;
  const timers: NodeJS.Timeout[] = [];
  const stopping = new AbortController();
  let load = 0;
  let elu = performance.eventLoopUtilization();

  const viewerCount = () => {
    const cutoff = now() - VIEWER_WINDOW_MS;
    for (const [id, seen] of viewers) if (seen < cutoff) viewers.delete(id);
    return viewers.size;
  };

  let inbound: Inbound | undefined;
  let reachability: { listed: boolean; reason: RelayProbeReason | null; detail: string | null } = {
    listed: false,
    reason: null,
    detail: null,
  };
  let answered = false;
  const url = () => inbound?.url ?? config.publicUrl ?? "";

  const status = (): RelayStatus => ({
    mode: "relay",
    version: NODE_VERSION,
    address: account.address,
    url: url(),
    inbound: {
      via: inbound?.via ?? (config.publicUrl ? "public-url" : "local"),
      upnp: inbound?.upnp ?? {
        state: "off",
        externalAddress: null,
        externalPort: null,
        error: null,
      },
      listed: answered ? reachability.listed : null,
      pullOnly: answered && !reachability.listed,
      reason: answered ? reachability.reason : null,
      detail: answered ? reachability.detail : null,
    },
    tier: config.tier,
    uptimeS: Math.round((now() - started) / 1000),
    signedIn,
    operator,
    disputes: disputes ? { ...disputes.stats } : null,
    originCheck: originSigners !== undefined,
    refusedStreams: [...refusedStreams].map(([streamId, reason]) => ({ streamId, reason })),
    streams: [...pullers].map(([streamId, p]) => ({
      streamId,
      lastSequence: store.lastSequence(streamId) ?? null,
      ...p.stats,
    })),
    viewers: viewerCount(),
    load,
    cacheBytes: store.cachedBytes,
    cachedSegments: store.cachedSegments,
    bytesServed: served().bytesServed,
    segmentsServed: served().segmentsServed,
    requests: served().requests,
    workerRequests: pool?.requestsByWorker() ?? [counters.requests],
    fetchLogPending: fetchLog.size,
    fetchLogSent: fetchLog.sent,
    receipts: {
      sessions: receipts.size,
      pending: receipts.pending,
      sent: receiptUploader.sent,
      refused: { ...receipts.refused },
    },
  });

  const metrics = createRelayMetrics(status);
  const upstreamFetch = timedFetch(fetchImpl, metrics.upstreamFetchSeconds);
  const onViewer = (id: string) => {
    const key = id.slice(0, MAX_VIEWER_ID_LENGTH);
    if (viewers.size < MAX_VIEWER_IDS || viewers.has(key)) viewers.set(key, now());
  };
  const intake = receiptIntake(receipts, {
    requestsPerClient: new KeyedRateLimiter({
      ratePerSecond: config.receiptsPerIp,
      burst: Math.max(1, 2 * config.receiptsPerIp),
      now,
    }),
  });
  let http: NodeServer | undefined;
  let httpPort: number;
  if (config.workers > 1) {
    pool = await startServePool({
      workers: config.workers,
      host: config.host,
      port: config.httpPort,
      tls: deps.tls,
      ...storeOptions,
      status,
      metrics: metrics.scrape,
      receipts: intake,
      onViewer,
      onWorkerLost: (error) => {
        log.fatal({ err: error }, "a serve worker stopped: stopping the relay");
        stop()
          .catch((stopError: unknown) => log.error({ err: stopError }, "stop failed"))
          .finally(() => deps.onFatal?.(error));
      },
    });
    httpPort = pool.port;
  } else {
    const hls = createHlsHandler({ store, counters, status, metrics: metrics.scrape, onViewer });
    const receiptHandler = createReceiptHttpHandler(intake);
    const server = createNodeServer(deps.tls, (req, res) => {
      if (req.url === RECEIPTS_PATH) receiptHandler(req, res);
      else hls(req, res);
    });
    server.listen(config.httpPort, config.host);
    await once(server, "listening");
    http = server;
    httpPort = (server.address() as AddressInfo).port;
  }
  inbound = await openInbound({
    publicUrl: config.publicUrl,
    // A relay that listens on loopback only cannot be reached through a router mapping.
    upnp: config.upnp && !isLoopbackHost(config.host),
    port: httpPort,
    scheme: serverScheme(deps.tls),
    logger: log.child({ part: "inbound" }),
    timeoutMs: UPNP_TIMEOUT_MS,
  });

  /**
   * Starts pulling a stream once the coordinator names its origin key and the chain confirms
   * that key as the stream's origin signer.
   */
  async function follow(streamId: `0x${string}`): Promise<void> {
    if (pullers.has(streamId) || resolving.has(streamId)) return;
    resolving.add(streamId);
    try {
      const info = await coordinator.streamInfo(streamId);
      const verdict = await checkOrigin(streamId, info.lastSequence ?? 0, info.originAddress);
      if (!verdict.ok) {
        if (refusedStreams.get(streamId) !== verdict.reason)
          log.warn(
            {
              streamId,
              reason: verdict.reason,
              expected: info.originAddress,
              onChain: verdict.onChain,
              error: verdict.error,
            },
            "not carrying the stream: its on-chain origin signer is not the coordinator's origin key",
          );
        refusedStreams.set(streamId, verdict.reason);
        return;
      }
      refusedStreams.delete(streamId);
      store.addStream(streamId, info.originAddress);
      const puller = new StreamPuller({
        streamId,
        originAddress: info.originAddress,
        upstreams: config.upstream,
        store,
        account,
        domain,
        logger: log.child({ streamId }),
        fetch: upstreamFetch,
        onFetched: (entry) => fetchLog.record(entry),
        onStatementServed: (entry) => signedEntries.add(entry),
        checkOrigin: (sequence) => checkOrigin(streamId, sequence, info.originAddress),
        now,
        tamper: config.testTamper,
        signal: stopping.signal,
      });
      pullers.set(streamId, puller);
      log.info({ streamId, originAddress: info.originAddress }, "relaying stream");
      void pullLoop(puller);
    } catch (error) {
      log.warn(
        { err: error, streamId },
        "cannot look the stream up at the coordinator; will retry",
      );
    } finally {
      resolving.delete(streamId);
    }
  }

  async function pullLoop(puller: StreamPuller): Promise<void> {
    while (!stopped) {
      const t0 = now();
      let stored = 0;
      try {
        stored = await puller.poll();
      } catch (error) {
        log.warn({ err: error }, "poll failed");
      }
      // Blocking polls return as soon as there is something new; only an upstream that
      // answers at once with nothing new is polled at the configured interval.
      if (stored === 0) await sleep(Math.max(0, config.pollIntervalMs - (now() - t0)));
    }
  }

  async function discover(): Promise<void> {
    if (config.streams.length > 0) {
      for (const streamId of config.streams) await follow(streamId);
      return;
    }
    for (const upstream of config.upstream) {
      try {
        const response = await fetchImpl(`${upstream}/streams`, {
          signal: AbortSignal.timeout(3000),
        });
        if (!response.ok) continue;
        const list = liveStreamList.parse(await response.json());
        for (const stream of list.streams) await follow(stream.streamId);
        return;
      } catch (error) {
        log.debug({ err: error, upstream }, "stream discovery failed");
      }
    }
  }

  async function signIn(): Promise<void> {
    try {
      await coordinator.login(account, config.chainId);
      signedIn = true;
      log.info({ address: account.address }, "signed in to the coordinator");
    } catch (error) {
      signedIn = false;
      log.warn({ err: error }, "coordinator sign-in failed; will retry");
    }
  }

  async function heartbeat(): Promise<void> {
    const now = performance.eventLoopUtilization();
    // With serve workers: the busier of the main thread (the verifier) and the workers' mean.
    const utilization = Math.max(
      performance.eventLoopUtilization(now, elu).utilization,
      pool?.utilization() ?? 0,
    );
    load = Math.min(1, Math.max(0, utilization));
    elu = now;
    if (!signedIn) await signIn();
    if (!signedIn) return;
    try {
      const verdict = await coordinator.heartbeat({
        url: url(),
        inbound: inbound?.via ?? "local",
        tier: config.tier,
        upstream: config.upstream[0]!,
        streams: [...pullers.keys()].slice(0, 100) as `0x${string}`[],
        load,
        bytesServed: served().bytesServed,
        viewers: viewerCount(),
        version: NODE_VERSION,
      });
      if (
        !answered ||
        verdict.listed !== reachability.listed ||
        verdict.reason !== reachability.reason
      ) {
        if (verdict.listed)
          log.info({ url: url() }, "the coordinator reached this relay: viewers are given it");
        else
          log.warn(
            { url: url(), reason: verdict.reason, detail: verdict.detail, via: inbound?.via },
            "pull-only: the coordinator cannot reach this relay's URL, so viewers are not given it (forward the port, enable UPnP on the router, or pass --public-url)",
          );
      }
      reachability = verdict;
      answered = true;
    } catch (error) {
      log.warn({ err: error }, "heartbeat failed");
    }
  }

  await readOperator();
  await signIn();
  await discover();
  await heartbeat();
  timers.push(
    setInterval(() => void discover(), DISCOVERY_INTERVAL_MS),
    setInterval(() => void heartbeat(), config.heartbeatIntervalMs),
    setInterval(() => signedIn && void fetchLog.flush(), config.fetchLogIntervalMs),
    setInterval(() => signedIn && void receiptUploader.flush(), config.receiptIntervalMs),
    setInterval(() => void readOperator(), OPERATOR_RECHECK_MS),
  );
  if (disputes) {
    void watchDisputes();
    timers.push(setInterval(() => void watchDisputes(), config.disputeIntervalMs));
  }
  if (config.statusIntervalMs > 0) {
    timers.push(
      setInterval(() => {
        const s = status();
        log.info(
          {
            streams: s.streams,
            viewers: s.viewers,
            load: Number(s.load.toFixed(3)),
            cacheBytes: s.cacheBytes,
            bytesServed: s.bytesServed,
          },
          "status",
        );
      }, config.statusIntervalMs),
    );
  }
  log.info(
    {
      httpPort,
      workers: config.workers,
      url: url(),
      inbound: inbound.via,
      tier: config.tier,
      upstream: config.upstream,
      relayKey: account.address,
      operator,
    },
    "relay listening",
  );

  /** Idempotent: a second call waits for the first. */
  function stop(): Promise<void> {
    stopDone ??= (async () => {
      stopped = true;
      stopping.abort();
      for (const timer of timers) clearInterval(timer);
      if (http) {
        const server = http;
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
      await pool?.stop();
      await inbound?.close();
      if (signedIn) await Promise.all([fetchLog.flush(), receiptUploader.flush(true)]);
    })();
    return stopDone;
  }

  return {
    httpPort,
    url: url(),
    store,
    receipts,
    signedEntries,
    status,
    stop,
  };
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || host.startsWith("127.");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
